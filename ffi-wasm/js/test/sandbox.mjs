// Runs sessionjwt/edge inside the `edge-runtime` package's sandbox (Vercel's Edge runtime
// emulation): edge globals only (fetch, Request, Headers, crypto.subtle, WebAssembly,
// TextEncoder...), no require, no Node built-ins, and - as on Vercel - no WebAssembly
// compilation from bytes at run time: the module comes precompiled, as a bundler's
// `import wasm from '...wasm?module'` would give it.
//
// Code runs as ES modules (node:vm SourceTextModule, hence --experimental-vm-modules) in the
// sandbox's context; the only module they may import is 'sessionjwt/edge'.

import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { EdgeRuntime } from 'edge-runtime';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(here, '..', '..', '..');
/** The npm package: sessionjwt/edge is its edge.mjs, next to sessionjwt.wasm. */
export const PKG = path.join(REPO, 'ffi-node');
export const SHARED = process.env.SESSIONJWT_SHARED || path.resolve(REPO, '..', 'shared');
export const CLERK = path.join(SHARED, 'conformance', 'clerk');

let compiled = null;

// sessionjwt/edge frees the wasm side of a verifier that is collected without `free()`
// through a FinalizationRegistry. Node 20 aborts ("illegal access") when a registry cleanup
// task is still pending while the process tears down, where JavaScript may no longer run
// (nodejs/node#47748): so before this test process exits, collect garbage and let the
// pending cleanups run while JavaScript still can.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc');
let drains = 0;
process.on('beforeExit', () => {
  if (drains++ < 3) {
    collectGarbage();
    setImmediate(() => {});
  }
});

/** sessionjwt.wasm, compiled once outside the sandbox (`make wasm` builds it). */
export function wasmModule() {
  if (!compiled) {
    const file = path.join(PKG, 'sessionjwt.wasm');
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`make wasm\` first`);
    compiled = new WebAssembly.Module(fs.readFileSync(file));
  }
  return compiled;
}

/**
 * sessionjwt/edge (edge.mjs, the module it imports, marshal.mjs, and the vocabulary that one
 * imports, errors.mjs) as ES modules of `context`, linked and evaluated; `url` is edge.mjs's
 * `import.meta.url`. Any other import fails: the package must load in a runtime with
 * nothing else.
 */
export async function loadEdge(context, url) {
  const module = (file, identifier, meta) =>
    new vm.SourceTextModule(fs.readFileSync(path.join(PKG, file), 'utf8'), { context, identifier, ...meta });
  const siblings = {
    './marshal.mjs': module('marshal.mjs', 'sessionjwt/marshal.mjs'),
    './errors.mjs': module('errors.mjs', 'sessionjwt/errors.mjs'),
  };
  const edge = module('edge.mjs', 'sessionjwt/edge', {
    initializeImportMeta(meta) {
      meta.url = url;
    },
  });
  await edge.link((specifier) => {
    if (siblings[specifier]) return siblings[specifier];
    throw new Error(`sessionjwt/edge must import nothing but its own modules, not ${specifier}`);
  });
  await edge.evaluate();
  return edge;
}

/**
 * A fresh edge sandbox with sessionjwt/edge loaded (initSync with the precompiled module).
 * `run(source, input, modules)` evaluates an ES module in the sandbox; it must `export
 * default` an async function, which is called with `input` (as JSON text) and must return
 * JSON text. It may import 'sessionjwt/edge' and the linked `modules` (specifier -> module).
 */
export async function sandbox() {
  const runtime = new EdgeRuntime({ codeGeneration: { strings: false, wasm: false } });
  const context = runtime.context;
  const edge = await loadEdge(context, 'https://sandbox.invalid/sessionjwt/edge.mjs');
  edge.namespace.initSync(wasmModule());
  let n = 0;
  async function run(source, input, modules = {}) {
    const m = new vm.SourceTextModule(source, { context, identifier: `test-${++n}.mjs` });
    await m.link((specifier) => {
      if (specifier === 'sessionjwt/edge') return edge;
      if (modules[specifier]) return modules[specifier];
      throw new Error(`the sandbox has no module ${specifier}`);
    });
    await m.evaluate();
    const out = await m.namespace.default(JSON.stringify(input));
    return JSON.parse(out);
  }
  return { runtime, context, edge: edge.namespace, run };
}

export function clerkText(rel) {
  return fs.readFileSync(path.join(CLERK, rel), 'utf8');
}

export function clerkJson(name) {
  return JSON.parse(clerkText(name));
}

/** The divergence ledger for one conformance file: id -> {clerk, ours, code}. */
export function divergences(file) {
  const all = JSON.parse(fs.readFileSync(path.join(REPO, 'conformance', 'divergences.json'), 'utf8'));
  const out = new Map();
  for (const d of all.divergences) {
    if (d.file !== file) continue;
    if (typeof d.why !== 'string' || d.why.length <= 20) throw new Error(`divergence without a reason: ${d.id}`);
    if (out.has(d.id)) throw new Error(`divergence listed twice: ${d.id}`);
    out.set(d.id, d);
  }
  return out;
}

/** Same rules as the core's runner: unlisted divergence, stale entry, changed outcome. */
export function judge(listed, id, clerk, ours, code) {
  const d = listed.get(id);
  if (!d) return clerk === ours ? null : `${id}: clerk=${clerk} ours=${ours} [${code}] (unlisted divergence)`;
  if (d.clerk !== clerk) return `${id}: ledger says clerk=${d.clerk} but the data says ${clerk}`;
  if (clerk === ours) return `${id}: listed as a divergence but now matches (${ours})`;
  if (d.ours !== ours) return `${id}: ledger says ours=${d.ours} but we now give ${ours}`;
  if (d.code && code && d.code !== code) return `${id}: ledger says code=${d.code} but we now give ${code}`;
  return null;
}
