// Sends one batch of Kubernetes objects (stdin) to the run's long-lived checker (validate-k8s.mjs
// --serve, socket in argv[2]) and prints its answer: the same contract as `node validate-k8s.mjs`.
import * as net from 'node:net';

const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const conn = net.createConnection(process.argv[2]);
conn.on('connect', () => conn.end(Buffer.concat(chunks)));
const answer = [];
conn.on('data', (d) => answer.push(d));
conn.on('end', () => process.stdout.write(Buffer.concat(answer)));
conn.on('error', (e) => {
  process.stderr.write(`k8s schema checker unreachable at ${process.argv[2]}: ${e.message}\n`);
  process.exit(2);
});
