// Stops the run's Kubernetes schema checker started by jest-global-setup.cjs.
const fs = require('fs');

module.exports = async function globalTeardown() {
  const state = globalThis.__K8S_SCHEMA_CHECKER__;
  if (!state) return;
  await new Promise((resolve) => {
    state.checker.once('exit', resolve);
    state.checker.stdin.end();
    setTimeout(() => state.checker.kill(), 5000).unref();
  });
  fs.rmSync(state.dir, { recursive: true, force: true });
  delete process.env.K8S_SCHEMA_SOCKET;
};
