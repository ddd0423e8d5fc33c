// Starts the run's one Kubernetes schema checker (see validate-k8s.mjs --serve) and tells the
// test workers where it listens. One checker for the run instead of one TypeScript program per
// test file: the models and their declaration files are loaded and parsed once.
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async function globalSetup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-schema-'));
  const socket = path.join(dir, 'checker.sock');
  const checker = spawn(process.execPath, [path.join(__dirname, 'validate-k8s.mjs'), '--serve', socket], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    checker.once('error', reject);
    checker.once('exit', (code) => reject(new Error(`k8s schema checker exited with ${code} before it was ready`)));
    checker.stdout.once('data', resolve);
  });
  checker.removeAllListeners('exit');
  globalThis.__K8S_SCHEMA_CHECKER__ = { checker, dir };
  process.env.K8S_SCHEMA_SOCKET = socket;
};
