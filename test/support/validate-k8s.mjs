// Validates Kubernetes objects against the schema of their kind, in its own Node process because
// the kubernetes-models packages are ESM-only and Jest's module loader is CommonJS.
//
// Two checks per object:
//  1. the kind's JSON-schema validator (types, enums, required fields, patterns): kubernetes-models
//     for core and CRD kinds, ajv with the strict Velero schemas for velero.io;
//  2. unknown fields: every object is type-checked by the TypeScript compiler against the
//     generated interface of its kind as an object literal, so any field the schema does not
//     declare, at any depth, is an excess-property error.
//
// Two ways to run it:
//  - `node validate-k8s.mjs`: a JSON array of objects on stdin, a JSON array of error strings on
//    stdout (one check, one process);
//  - `node validate-k8s.mjs --serve <socket>`: a long-lived checker for a whole jest run (started by
//    test/support/jest-global-setup.cjs). Each request is one batch, answered on its own
//    connection, so every test still gets the errors of its own objects. The checker keeps the
//    models it loaded and the parsed declaration files of the previous TypeScript program, so a
//    batch costs the check of its own objects, not a compiler start.
import * as fs from 'node:fs';
import * as net from 'node:net';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ts = require('typescript');
const Ajv = require('ajv');
const veleroSchemas = require('./velero-schemas.cjs');
const here = path.dirname(fileURLToPath(import.meta.url));

/** Which package models which API group. */
function modelModule(apiVersion) {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  if (group === '' || !group.includes('.') || group.endsWith('.k8s.io')) return `kubernetes-models/${apiVersion}`;
  if (group.endsWith('.istio.io')) return `@kubernetes-models/istio/${apiVersion}`;
  if (group === 'argoproj.io') return `@kubernetes-models/argo-rollouts/${apiVersion}`;
  if (group === 'monitoring.coreos.com') return `@kubernetes-models/prometheus-operator/${apiVersion}`;
  return undefined;
}

function describe(o, i) {
  return `#${i} ${o?.apiVersion}/${o?.kind} ${o?.metadata?.namespace ?? ''}/${o?.metadata?.name ?? ''}`;
}

const options = { strict: true, noEmit: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022, skipLibCheck: true, types: [] };
const baseHost = ts.createCompilerHost(options);
/** Parsed declaration files of the models, kept across batches (they never change during a run). */
const sourceFiles = new Map();
let previousProgram;
let batch = 0;

/** Type-checks `source` as the one file of a program; returns its diagnostics. */
function typeCheck(source) {
  // A new name per batch, so the previous program's copy of the file is never reused.
  const file = path.join(here, `__k8s_typecheck_${process.pid}_${batch++}__.ts`);
  const host = {
    ...baseHost,
    readFile: (f) => (path.resolve(f) === file ? source : baseHost.readFile(f)),
    fileExists: (f) => path.resolve(f) === file || baseHost.fileExists(f),
    getSourceFile: (f, lang, ...rest) => {
      if (path.resolve(f) === file) return ts.createSourceFile(f, source, lang);
      let sf = sourceFiles.get(f);
      if (!sf) {
        sf = baseHost.getSourceFile(f, lang, ...rest);
        if (sf) sourceFiles.set(f, sf);
      }
      return sf;
    },
  };
  const program = ts.createProgram([file], options, host, previousProgram);
  previousProgram = program;
  const sourceFile = program.getSourceFile(file);
  return { file, diagnostics: [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)] };
}

/** The schema errors of `objects`, one message per problem. */
export async function check(objects) {
  const errors = [];
  const ajv = new Ajv({ allErrors: true, strict: true });
  const literals = [];

  for (const [i, o] of objects.entries()) {
    if (o?.apiVersion === 'velero.io/v1') {
      const schema = veleroSchemas[o.kind];
      if (!schema) { errors.push(`${describe(o, i)}: no schema for this kind`); continue; }
      const validate = ajv.compile(schema);
      if (!validate(o)) errors.push(`${describe(o, i)}: ${ajv.errorsText(validate.errors)}`);
      continue;
    }
    const mod = modelModule(o?.apiVersion ?? '');
    if (!mod) { errors.push(`${describe(o, i)}: no schema for this API group`); continue; }
    let Model;
    try {
      Model = (await import(mod))[o.kind];
    } catch (e) {
      errors.push(`${describe(o, i)}: cannot load ${mod}: ${e.message}`);
      continue;
    }
    if (!Model) { errors.push(`${describe(o, i)}: ${mod} has no kind ${o.kind}`); continue; }
    try {
      new Model(o).validate();
    } catch (e) {
      errors.push(`${describe(o, i)}: ${e.message}`);
    }
    literals.push({ i, o, mod });
  }

  if (literals.length > 0) {
    const source = [
      ...literals.map(({ i, o, mod }) => `import type { I${o.kind} as T${i} } from '${mod}';`),
      ...literals.map(({ i, o }) => `export const o${i}: T${i} = ${JSON.stringify(o)};`),
    ].join('\n');
    const { file, diagnostics } = typeCheck(source);
    for (const d of diagnostics) {
      const msg = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      let where = '';
      if (d.file && d.start !== undefined && path.resolve(d.file.fileName) === file) {
        const { line } = d.file.getLineAndCharacterOfPosition(d.start);
        const idx = line - literals.length;
        where = idx >= 0 && idx < literals.length ? describe(literals[idx].o, literals[idx].i) : `line ${line}`;
      }
      errors.push(`${where}: ${msg}`);
    }
  }
  return errors;
}

/** Everything `stream` sends until it ends, without destroying it (a socket must still answer). */
function readAll(stream) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.once('error', reject);
  });
}

async function answer(input) {
  try {
    return JSON.stringify(await check(JSON.parse(input)));
  } catch (e) {
    return JSON.stringify([`validator crashed: ${e.stack}`]);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const serveAt = process.argv.indexOf('--serve');
  if (serveAt < 0) {
    process.stdout.write(await answer(await readAll(process.stdin)));
  } else {
    // One request per connection: the client sends its batch and half-closes; the answer follows.
    // Requests are answered one at a time, in arrival order (the compiler state is shared).
    const socket = process.argv[serveAt + 1];
    fs.rmSync(socket, { force: true });
    let queue = Promise.resolve();
    const server = net.createServer({ allowHalfOpen: true }, (conn) => {
      readAll(conn).then((input) => {
        queue = queue.then(async () => conn.end(await answer(input)));
      }, () => conn.destroy());
    });
    server.listen(socket, () => process.stdout.write('ready\n'));
    // The run is over when jest's global teardown closes our stdin (or kills us).
    process.stdin.on('end', () => server.close(() => process.exit(0)));
    process.stdin.resume();
  }
}
