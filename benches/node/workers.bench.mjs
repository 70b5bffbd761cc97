// Throughput of the sessionjwt addon on worker_threads: verifies per second with 1 worker and
// with 2 workers, repeat-token cache off and on (the default), and the 2W/1W ratio; and the
// same for node:crypto's verify alone, as a control of how far this machine lets 2 threads
// scale at all.
//
// Each worker loads the addon, creates its own verifier from the same PEM (cache: false, or
// the default) and calls verifySync on the same RS256 token in a loop for --ms, then reports
// how many verifications it made and in how long. The workers stay up for the whole run; a
// round runs every configuration (control, off, on; 1W and 2W; order rotating) one after
// the other, so that 1W and 2W see the same load; the figure is the median over --rounds
// rounds, the ratio the median of the per-round 2W/1W ratios.
//
//   node benches/node/workers.bench.mjs [--rounds 7] [--ms 1000] [--json]
//
// Without cache support in the addon (no cacheStats), the cache-on rows print n/a.

import crypto from 'node:crypto';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { addonVerifiers, keyPair, loadAddon, machine, median, mintToken, SUB } from './common.mjs';

if (!isMainThread) {
  const { token, publicPem } = workerData;
  const av = addonVerifiers(loadAddon(), publicPem);
  // The control: node:crypto's verify alone (the Node floor) scales as far as the machine
  // lets anything scale; the addon's ratio is to be read next to it.
  const dot = token.lastIndexOf('.');
  const input = Buffer.from(token.slice(0, dot));
  const signature = Buffer.from(token.slice(dot + 1), 'base64url');
  const key = crypto.createPublicKey(publicPem);
  const floor = {
    verifySync: () => {
      if (!crypto.verify('sha256', input, key, signature)) throw new Error('floor: bad signature');
      return { sub: SUB };
    },
  };
  const verifiers = { floor, off: av.cold, on: av.hit };
  for (const v of Object.values(verifiers)) {
    if (!v) continue;
    if (v.verifySync(token).sub !== SUB) throw new Error('worker: token not accepted');
    for (let i = 0; i < 2000; i++) v.verifySync(token);
  }
  parentPort.on('message', ({ mode, ms }) => {
    const v = verifiers[mode];
    let count = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < ms) {
      for (let i = 0; i < 16; i++) v.verifySync(token);
      count += 16;
      t = performance.now();
    }
    parentPort.postMessage({ count, ms: t - t0 });
  });
  parentPort.postMessage({ ready: true, cache: av.cacheSupported });
} else {
  const args = process.argv.slice(2);
  const arg = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const ROUNDS = arg('--rounds', 7);
  const MS = arg('--ms', 1000);
  const JSON_OUT = args.includes('--json');

  const { privateKey, publicPem } = keyPair();
  const token = mintToken(privateKey);
  const workers = [0, 1].map(() => new Worker(new URL(import.meta.url), { workerData: { token, publicPem } }));
  const next = (w) => new Promise((resolve, reject) => {
    const onMessage = (m) => {
      w.off('error', onError);
      resolve(m);
    };
    const onError = (e) => {
      w.off('message', onMessage);
      reject(e);
    };
    w.once('message', onMessage);
    w.once('error', onError);
  });
  const ready = await Promise.all(workers.map(next));
  const cacheSupported = ready[0].cache;

  /** verifies/s of `count` workers running `mode` at the same time. */
  async function run(mode, count) {
    const ws = workers.slice(0, count);
    const replies = ws.map(next);
    for (const w of ws) w.postMessage({ mode, ms: MS });
    const rs = await Promise.all(replies);
    return rs.reduce((sum, r) => sum + (r.count * 1000) / r.ms, 0);
  }

  const modes = cacheSupported ? ['floor', 'off', 'on'] : ['floor', 'off'];
  const configs = modes.flatMap((mode) => [1, 2].map((n) => ({ mode, n, samples: [] })));
  for (let r = 0; r < ROUNDS; r++) {
    for (let j = 0; j < configs.length; j++) {
      const c = configs[(j + r) % configs.length];
      c.samples.push(await run(c.mode, c.n));
    }
  }
  for (const w of workers) await w.terminate();

  const rows = ['floor', 'off', 'on'].map((mode) => {
    const one = configs.find((c) => c.mode === mode && c.n === 1);
    const two = configs.find((c) => c.mode === mode && c.n === 2);
    const name = { floor: 'node:crypto verify (control)', off: 'addon, cache off', on: 'addon, cache on' }[mode];
    if (!one) return { mode, name, na: 'n/a (addon without cache)' };
    const ratio = median(two.samples.map((x, r) => x / one.samples[r]));
    return {
      mode,
      name,
      oneWorker: median(one.samples),
      twoWorkers: median(two.samples),
      ratio,
      met: mode === 'floor' ? undefined : ratio >= 1.8,
    };
  });
  const report = { bench: 'node-workers', date: new Date().toISOString(), machine: machine(), rounds: ROUNDS, ms: MS, tokenBytes: token.length, rows };
  if (JSON_OUT) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    const m = report.machine;
    console.log(`worker_threads throughput, addon verifySync, Node ${m.node}, ${m.nproc} CPUs, load ${m.loadavg.join(' ')}`);
    console.log(`${ROUNDS} rounds of ${MS} ms per configuration, medians; target 2W/1W >= 1.8x`);
    console.log('verifySync in each worker           1 worker (verifies/s)   2 workers (verifies/s)   2W/1W');
    for (const r of rows) {
      if (r.na) {
        console.log(`${r.name.padEnd(32)}  ${r.na}`);
        continue;
      }
      const verdict = r.met === undefined ? '' : r.met ? ' met' : ' NOT met';
      console.log(`${r.name.padEnd(32)}  ${Math.round(r.oneWorker).toString().padStart(22)}   ${Math.round(r.twoWorkers).toString().padStart(22)}   ${r.ratio.toFixed(2)}x${verdict}`);
    }
  }
}
