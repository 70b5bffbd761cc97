// Allocations per verify in Node: native heap calls (C malloc & co., counted by the
// benches/alloc LD_PRELOAD shim) and V8 heap bytes, for the sessionjwt addon (cache off and
// cache hit), with node:crypto's verify and @clerk/backend for comparison.
//
//   node benches/node/alloc.bench.mjs [--json]     the whole report (make bench-node)
//
// Native: for each workload, benches/alloc/per-op.sh runs
//   node alloc.bench.mjs --workload <id>
// under the shim with ALLOC_ITERATIONS=N and 2N (the workload warms up 2000 verifies, then
// does exactly ALLOC_ITERATIONS), so (count(2N) - count(N)) / N is per verify. "main" counts
// the main thread only, where verifySync runs; "all" adds V8's GC/compiler threads and the
// libuv pool (where WebCrypto, hence @clerk/backend's RSA check, runs).
//
// V8 heap: --heap mode (started by the report with --expose-gc and a 64 MB semi-space):
// batches of verifies between two reads of v8.getHeapStatistics().used_heap_size, after a
// full GC; a batch during which any GC ran is discarded (PerformanceObserver 'gc'); the
// median batch gives bytes per verify. That is what the verify leaves on the JS heap
// (payload objects, strings, promises), garbage included; Buffers' backing stores are
// outside it.
//
// Env: MALLOC_COUNT_SO (default target/malloc-count/libmalloc_count.so, built by make).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { REPO, keyPair, machine, median, mintToken, subjects } from './common.mjs';

const SELF = fileURLToPath(import.meta.url);
const args = process.argv.slice(2);
const WARMUP = 2000;

// Workloads: id (a subject of common.mjs) -> N for the native count.
const NATIVE = [
  ['floor', 20000],
  ['addon-cold', 20000],
  ['addon-hit', 100000],
  ['clerk', 2000],
];
const HEAP = ['floor', 'addon-cold', 'addon-hit', 'clerk'];

async function setup() {
  const { privateKey, publicPem } = keyPair();
  const token = mintToken(privateKey);
  const s = await subjects({ token, publicPem });
  return { token, ...s, byId: Object.fromEntries(s.list.map((x) => [x.id, x])) };
}

async function loop(s, n) {
  const f = s.fn;
  if (s.async) for (let i = 0; i < n; i++) await f();
  else for (let i = 0; i < n; i++) f();
}

if (args[0] === '--workload') {
  // One workload under the shim: setup, warm-up, then exactly ALLOC_ITERATIONS verifies.
  const { byId } = await setup();
  const s = byId[args[1]];
  if (!s) throw new Error(`unknown workload ${args[1]}`);
  if (s.na) process.exit(3);
  const n = Number(process.env.ALLOC_ITERATIONS);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error('ALLOC_ITERATIONS must be set');
  await loop(s, WARMUP);
  await loop(s, n);
  process.exit(0);
} else if (args[0] === '--heap') {
  const { byId } = await setup();
  if (!globalThis.gc) throw new Error('--heap needs --expose-gc');
  let gcs = 0;
  new PerformanceObserver((list) => {
    gcs += list.getEntries().length;
  }).observe({ entryTypes: ['gc'] });
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
  const out = {};
  for (const id of HEAP) {
    const s = byId[id];
    if (s.na) {
      out[id] = { na: s.na };
      continue;
    }
    await loop(s, WARMUP);
    const BATCH = 200;
    const perVerify = [];
    let discarded = 0;
    for (let b = 0; b < 25; b++) {
      globalThis.gc();
      globalThis.gc();
      await flush();
      const before = gcs;
      const h0 = v8.getHeapStatistics().used_heap_size;
      await loop(s, BATCH);
      const h1 = v8.getHeapStatistics().used_heap_size;
      await flush();
      if (gcs !== before) {
        discarded++;
        continue;
      }
      perVerify.push((h1 - h0) / BATCH);
    }
    out[id] = perVerify.length
      ? { bytes: median(perVerify), batches: perVerify.length, discarded }
      : { na: `every batch saw a GC (${discarded})` };
  }
  console.log(JSON.stringify(out));
  process.exit(0);
} else {
  // The report.
  const JSON_OUT = args.includes('--json');
  const shim = process.env.MALLOC_COUNT_SO || path.join(REPO, 'target', 'malloc-count', 'libmalloc_count.so');
  if (!fs.existsSync(shim)) throw new Error(`no malloc_count shim at ${shim}: run make malloc-count`);
  const { list, cacheSupported, token } = await setup();
  const names = Object.fromEntries(list.map((x) => [x.id, x.name]));
  const na = Object.fromEntries(list.filter((x) => x.na).map((x) => [x.id, x.na]));

  const native = {};
  for (const [id, n] of NATIVE) {
    if (na[id]) {
      native[id] = { na: na[id] };
      continue;
    }
    const r = spawnSync(
      path.join(REPO, 'benches', 'alloc', 'per-op.sh'),
      ['-j', '-n', String(n), '-s', shim, '--', process.execPath, SELF, '--workload', id],
      { encoding: 'utf8', cwd: REPO },
    );
    if (r.status !== 0) throw new Error(`per-op.sh ${id} failed: ${r.stderr}`);
    native[id] = JSON.parse(r.stdout);
  }
  const h = spawnSync(process.execPath, ['--expose-gc', '--max-semi-space-size=64', SELF, '--heap'], {
    encoding: 'utf8',
    cwd: REPO,
  });
  if (h.status !== 0) throw new Error(`heap mode failed: ${h.stderr}`);
  const heap = JSON.parse(h.stdout.trim().split('\n').pop());

  const rows = NATIVE.map(([id]) => ({
    id,
    name: names[id],
    na: na[id],
    nativeMain: native[id].main,
    nativeAll: native[id].all,
    n: native[id].n,
    v8HeapBytes: heap[id] ? heap[id].bytes ?? null : null,
    heapBatches: heap[id] ? heap[id].batches : undefined,
  }));
  const report = { bench: 'node-alloc', date: new Date().toISOString(), machine: machine(), tokenBytes: token.length, addonCache: cacheSupported, warmup: WARMUP, rows };
  if (JSON_OUT) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    console.log(`allocations per verify, Node ${report.machine.node}, RS256 token of ${token.length} bytes`);
    console.log('native: heap calls per verify, (count(2N)-count(N))/N; allocations = malloc + calloc + memalign');
    console.log('V8 heap: used_heap_size growth per verify over GC-free batches of 200 (median)');
    const w = Math.max(...rows.map((r) => r.name.length));
    console.log(`${'verifier'.padEnd(w)}  native allocs/verify (main thread | all threads)   frees (main)   V8 heap bytes/verify`);
    for (const r of rows) {
      if (r.na) {
        console.log(`${r.name.padEnd(w)}  ${r.na}`);
        continue;
      }
      const a = `${r.nativeMain.allocations.toFixed(2)} | ${r.nativeAll.allocations.toFixed(2)}`;
      const heapText = r.v8HeapBytes === null ? 'n/a' : Math.round(r.v8HeapBytes).toString();
      console.log(`${r.name.padEnd(w)}  ${a.padStart(47)}   ${r.nativeMain.free.toFixed(2).padStart(12)}   ${heapText.padStart(20)}`);
    }
  }
}
