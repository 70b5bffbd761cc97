'use strict';
// Concurrency: several worker_threads load the addon and verify at once, each with its own
// verifiers, while the main thread runs async verifications on the libuv pool.

const test = require('node:test');
const assert = require('node:assert/strict');
const { Worker } = require('node:worker_threads');
const path = require('node:path');
const sj = require('..');
const h = require('./helpers');

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const sj = require(workerData.pkg);
const v = sj.createVerifier({ jwtKey: workerData.pem, authorizedParties: ['https://app.example'] });
(async () => {
  const counts = { ok: 0, expired: 0, azp: 0, bad: 0 };
  for (let i = 0; i < workerData.rounds; i++) {
    for (const [kind, token] of workerData.tokens) {
      try {
        const p = i % 2 ? v.verifySync(token, { now: workerData.now }) : await v.verify(token, { now: workerData.now });
        if (p.sub !== 'user_' + kind) throw new Error('wrong sub ' + p.sub);
        counts.ok++;
      } catch (e) {
        if (!e.reason) throw e;
        counts[{ 'token-expired': 'expired', 'token-invalid-authorized-parties': 'azp', 'token-invalid-signature': 'bad' }[e.reason]]++;
      }
    }
  }
  parentPort.postMessage(counts);
})().catch((e) => { throw e; });
`;

test('worker_threads verify concurrently with the main thread', async () => {
  const now = h.NOW_MS;
  const iat = now / 1000;
  const ok = h.mint({ sub: 'user_ok', azp: 'https://app.example', iat, exp: iat + 60 });
  const tokens = [
    ['ok', ok],
    ['expired', h.mint({ sub: 'user_expired', azp: 'https://app.example', iat: iat - 600, exp: iat - 300 })],
    ['azp', h.mint({ sub: 'user_azp', azp: 'https://evil.example', iat, exp: iat + 60 })],
    ['bad', `${ok.slice(0, -4)}AAAA`],
  ];
  const rounds = 200;
  const workers = Array.from({ length: 4 }, () => new Promise((resolve, reject) => {
    const w = new Worker(WORKER, { eval: true, workerData: { pkg: path.resolve(__dirname, '..'), pem: h.PUBLIC_PEM, tokens, rounds, now } });
    w.once('message', resolve);
    w.once('error', reject);
  }));
  const v = sj.createVerifier({ jwtKey: h.PUBLIC_PEM, authorizedParties: ['https://app.example'] });
  const main = await Promise.all(Array.from({ length: 400 }, () => v.verify(ok, { now })));
  assert.ok(main.every((p) => p.sub === 'user_ok'));
  for (const counts of await Promise.all(workers)) {
    assert.deepEqual(counts, { ok: rounds, expired: rounds, azp: rounds, bad: rounds });
  }
});
