// Validates Kubernetes objects against the schema of their kind, in its own Node process because
// the kubernetes-models packages are ESM-only and Jest's module loader is CommonJS.
//
// Two checks per object:
//  1. the kind's JSON-schema validator (types, enums, required fields, patterns): kubernetes-models
//     for core and CRD kinds, ajv with the strict Velero schemas for velero.io;
//  2. unknown fields: every object is type-checked by the TypeScript compiler against the
//     generated interface of its kind as an object literal, so any field the schema does not
//     declare, at any depth, is an excess-property error.
// Input: a JSON array of objects on stdin. Output: a JSON array of error strings on stdout.
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

async function main() {
  const chunks = [];
  for await (const c of process.stdin) chunks.push(c);
  const objects = JSON.parse(Buffer.concat(chunks).toString('utf8'));
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
    const file = path.join(here, '__k8s_typecheck__.ts');
    const source = [
      ...literals.map(({ i, o, mod }) => `import type { I${o.kind} as T${i} } from '${mod}';`),
      ...literals.map(({ i, o }) => `export const o${i}: T${i} = ${JSON.stringify(o)};`),
    ].join('\n');
    const options = { strict: true, noEmit: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022, skipLibCheck: true, types: [] };
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile;
    host.readFile = (f) => (path.resolve(f) === file ? source : readFile(f));
    const getSourceFile = host.getSourceFile;
    host.getSourceFile = (f, lang, ...rest) => (path.resolve(f) === file ? ts.createSourceFile(f, source, lang) : getSourceFile(f, lang, ...rest));
    host.fileExists = ((exists) => (f) => path.resolve(f) === file || exists(f))(host.fileExists);
    const program = ts.createProgram([file], options, host);
    for (const d of ts.getPreEmitDiagnostics(program)) {
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
  process.stdout.write(JSON.stringify(errors));
}

main().catch((e) => {
  process.stdout.write(JSON.stringify([`validator crashed: ${e.stack}`]));
});
