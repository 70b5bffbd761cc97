// us per verify of one RS256 Clerk-style session token, in one process, for:
//   node:crypto verify alone (the Node floor: the signature check on pre-decoded bytes, the
//   KeyObject reused), the sessionjwt addon (cache off: verifySync and async verify; cache
//   hit), @clerk/backend verifyToken, jose jwtVerify, fast-jwt (cache off / on), jsonwebtoken
//   and @node-rs/jsonwebtoken. Same token, same RSA-2048 public key, RS256 only, the key given
//   once (at creation where the API has a verifier, else the same object on every call).
//
// Method (the machine is shared and noisy): each subject's batch size is calibrated to about
// --batch-ms (short, so that most batches run within one scheduler time slice); then
// --rounds rounds each time every pair (baseline, subject) back to back: the floor against
// every verifier, and the addon against @clerk/backend and fast-jwt (A B in even rounds,
// B A in odd ones; the pair order rotates every round), with a full GC (--expose-gc) before
// each batch so that one subject's garbage is not collected in another's batch. A subject's
// us/verify is the median of all its batches; a ratio is the median of the per-round ratios
// of its pair (both batches ran a few ms apart, under the same load).
//
//   node --expose-gc benches/node/verify.bench.mjs [--rounds 101] [--batch-ms 2] [--json]
//   node benches/node/verify.bench.mjs --smoke      every peer accepts the token; no timing
//
// make bench-node runs it (after npm ci here and the addon build).

import { performance } from 'node:perf_hooks';
import { keyPair, machine, median, mintToken, subjects } from './common.mjs';

const args = process.argv.slice(2);
function arg(name, fallback) {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}
const SMOKE = args.includes('--smoke');
const JSON_OUT = args.includes('--json');
const ROUNDS = arg('--rounds', SMOKE ? 1 : 101);
const BATCH_MS = arg('--batch-ms', SMOKE ? 1 : 2);
const gc = globalThis.gc;

const { privateKey, publicPem, source } = keyPair();
const token = mintToken(privateKey);
const { list, cacheSupported, versions } = await subjects({ token, publicPem });

if (SMOKE) {
  for (const s of list) {
    if (s.na) continue;
    for (let i = 0; i < 20; i++) await s.fn();
  }
  const ran = list.filter((s) => !s.na).length;
  console.log(`bench-node smoke: ${ran} verifiers accepted the ${token.length}-byte token` +
    (cacheSupported ? '' : ' (addon without cache: cache-hit row n/a)'));
  process.exit(0);
}
if (!gc && !JSON_OUT) console.error('note: run with --expose-gc for a GC before each batch');

const live = list.filter((s) => !s.na);

async function batch(s, n) {
  if (gc) gc();
  const f = s.fn;
  let sink = 0;
  const t0 = performance.now();
  if (s.async) {
    for (let i = 0; i < n; i++) sink ^= (await f()) ? 1 : 0;
  } else {
    for (let i = 0; i < n; i++) sink ^= f() ? 1 : 0;
  }
  const us = ((performance.now() - t0) * 1000) / n;
  if (sink === 2) throw new Error('unreachable');
  return us;
}

// Warm-up and calibration: n such that one batch takes about BATCH_MS.
for (const s of live) {
  await batch(s, 200);
  let n = 20;
  let us = await batch(s, n);
  for (let k = 0; k < 3; k++) {
    n = Math.max(3, Math.round((BATCH_MS * 1000) / us));
    us = await batch(s, n);
  }
  s.n = Math.max(3, Math.round((BATCH_MS * 1000) / us));
  s.samples = [];
}

const byId = Object.fromEntries(list.map((s) => [s.id, s]));
const floor = byId.floor;
// Pairs (baseline, subject): the floor against everyone, and the addon against the peers
// whose speed-up is a target. Each round runs every pair back to back (A B, then B A in the
// next round); the pair's ratio is the median over rounds of subject/baseline.
const pairs = [
  ...live.filter((s) => s !== floor).map((s) => [floor, s]),
  [byId['addon-cold'], byId.clerk],
  [byId['addon-cold'], byId['fast-jwt']],
].map(([a, b]) => ({ a, b, ratios: [] }));

for (let r = 0; r < ROUNDS; r++) {
  for (let j = 0; j < pairs.length; j++) {
    const p = pairs[(j + r) % pairs.length];
    let ta;
    let tb;
    if (r % 2 === 0) {
      ta = await batch(p.a, p.a.n);
      tb = await batch(p.b, p.b.n);
    } else {
      tb = await batch(p.b, p.b.n);
      ta = await batch(p.a, p.a.n);
    }
    p.a.samples.push(ta);
    p.b.samples.push(tb);
    p.ratios.push(tb / ta);
  }
}

/** The median ratio subject/baseline of the pair (a, b), or null. */
function ratio(b, a) {
  const p = pairs.find((x) => x.a === a && x.b === b);
  return p ? median(p.ratios) : null;
}

const rows = list.map((s) => ({
  id: s.id,
  name: s.name,
  usPerVerify: s.na ? null : median(s.samples),
  minUs: s.na ? null : Math.min(...s.samples),
  batch: s.na ? null : s.n,
  ratioToFloor: s.na ? null : s === floor ? 1 : ratio(s, floor),
  na: s.na || undefined,
}));

const addon = byId['addon-cold'];
const hit = byId['addon-hit'];
const cold = ratio(addon, floor);
const vsClerk = ratio(byId.clerk, addon);
const vsFast = ratio(byId['fast-jwt'], addon);
const hitUs = hit.na ? null : median(hit.samples);
const targets = [
  { target: 'addon cold / Node floor', measured: cold, limit: '<= 0.90x', met: cold !== null && cold <= 0.9, unit: 'x' },
  { target: '@clerk/backend / addon cold (speed-up)', measured: vsClerk, limit: '>= 9x', met: vsClerk !== null && vsClerk >= 9, unit: 'x' },
  { target: 'fast-jwt cache off / addon cold (speed-up)', measured: vsFast, limit: '>= 1.4x', met: vsFast !== null && vsFast >= 1.4, unit: 'x' },
  { target: 'addon cache hit', measured: hitUs, limit: '<= 1.0 us', met: hitUs === null ? null : hitUs <= 1.0, unit: 'us' },
];

const report = {
  bench: 'node-verify',
  date: new Date().toISOString(),
  machine: machine(),
  token: { alg: 'RS256', bytes: token.length, key: source },
  method: { rounds: ROUNDS, batchMs: BATCH_MS, gcBeforeBatch: Boolean(gc) },
  addonCache: cacheSupported,
  versions,
  rows,
  targets,
};

if (JSON_OUT) {
  console.log(JSON.stringify(report, null, 2));
} else {
  const m = report.machine;
  console.log(`Node ${m.node} (V8 ${m.v8}, OpenSSL ${m.openssl}), ${m.nproc} CPUs (${m.cpu}), load ${m.loadavg.join(' ')}`);
  console.log(`RS256 token of ${token.length} bytes, ${source}; ${ROUNDS} interleaved rounds of ~${BATCH_MS} ms batches` +
    (gc ? ', full GC before each batch' : ''));
  console.log('');
  const w = Math.max(...rows.map((r) => r.name.length));
  console.log(`${'verifier'.padEnd(w)}  us/verify     min  x floor`);
  for (const r of rows) {
    if (r.na) {
      console.log(`${r.name.padEnd(w)}  ${r.na}`);
      continue;
    }
    console.log(`${r.name.padEnd(w)}  ${r.usPerVerify.toFixed(2).padStart(9)} ${r.minUs.toFixed(2).padStart(7)}  ${r.ratioToFloor.toFixed(3).padStart(6)}x`);
  }
  console.log('');
  console.log('targets (ratios: median of per-round ratios)');
  for (const t of targets) {
    const v = t.measured === null ? 'n/a' : t.unit === 'us' ? `${t.measured.toFixed(3)} us` : `${t.measured.toFixed(3)}x`;
    const verdict = t.met === null ? 'n/a (addon without cache)' : t.met ? 'met' : 'NOT met';
    console.log(`  ${t.target.padEnd(44)} ${v.padStart(10)}  (${t.limit})  ${verdict}`);
  }
}
