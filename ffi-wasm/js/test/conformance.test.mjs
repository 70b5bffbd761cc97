// The Clerk conformance data through sessionjwt/edge, inside the edge-runtime sandbox: every
// verify case (expected outcomes plus the project's divergence ledger) on three paths that
// must agree - WebCrypto (one-shot verifyToken and a reused verifier), and ring inside wasm
// (crypto: 'wasm', and verifySync) - then every authenticateRequest case.

import test from 'node:test';
import assert from 'node:assert/strict';
import { sandbox, clerkText, clerkJson, divergences, judge } from './sandbox.mjs';

const RSA_ALL = ['RS256', 'RS384', 'RS512'];

/** Key options for a case's key spec (a PEM or body file, a JWK, a JWKS member). */
function keyOptions(spec) {
  if (!spec) return {};
  const [file, pointer] = spec.split('#');
  const text = clerkText(file);
  if (file.endsWith('.json')) {
    let jwk = JSON.parse(text);
    if (pointer === 'keys[0]') jwk = jwk.keys[0];
    return { jwks: { keys: [jwk] } };
  }
  return { jwtKey: text };
}

function caseToken(t, tokens) {
  if (t && typeof t.ref === 'string') return tokens[t.ref.replace(/^tokens\.json#/, '')].token;
  return t.literal;
}

// Runs inside the sandbox: each case on every path; counts WebCrypto verifications.
const VERIFY_RUNNER = `
import * as sj from 'sessionjwt/edge';
export default async function (input) {
  const cases = JSON.parse(input);
  const subtle = globalThis.crypto.subtle;
  const verify = subtle.verify.bind(subtle);
  let webcrypto = 0;
  subtle.verify = (...args) => { webcrypto++; return verify(...args); };
  const outcome = async (f) => {
    try {
      return { ours: 'ok', payload: await f() };
    } catch (e) {
      if (!(e instanceof sj.TokenVerificationError)) return { ours: 'THROWN ' + e.name + ': ' + e.message };
      return { ours: e.reason, code: e.code };
    }
  };
  const out = [];
  for (const c of cases) {
    if (typeof c.options.clockSkewInMs === 'string') c.options.clockSkewInMs = Number(c.options.clockSkewInMs);
    const now = { now: c.nowMs };
    const r = { id: c.id };
    r.oneShot = await outcome(() => sj.verifyToken(c.token, { ...c.options, ...now }));
    const v = sj.createVerifier(c.options);
    r.reused = await outcome(() => v.verify(c.token, now));
    r.again = await outcome(() => v.verify(c.token, now)); // the imported key is reused
    r.sync = await outcome(() => v.verifySync(c.token, now));
    const w = sj.createVerifier({ ...c.options, crypto: 'wasm' });
    r.wasm = await outcome(() => w.verify(c.token, now));
    v.free();
    w.free();
    out.push(r);
  }
  return JSON.stringify({ results: out, webcrypto });
}`;

test('verify-cases.json through sessionjwt/edge: every case matches Clerk or is a listed divergence', async () => {
  const { run } = await sandbox();
  const tokens = clerkJson('tokens.json');
  const cases = clerkJson('verify-cases.json');
  const listed = divergences('verify-cases.json');
  const input = cases.map((c) => {
    const options = { ...keyOptions(c.key), ...c.options };
    // Clerk's verifyJwt imports the key for the token's own RS hash; verifyToken pins RS256.
    if (c.fn === 'verifyJwt') options.algorithms = RSA_ALL;
    // The data encodes NaN / Infinity as strings (JSON has no such numbers); the runner
    // passes the numbers themselves, which (as in Clerk) mean the default skew.
    return { id: c.id, token: caseToken(c.token, tokens), options, nowMs: c.nowMs };
  });
  const { results, webcrypto } = await run(VERIFY_RUNNER, input);
  assert.equal(results.length, 78);
  const failures = [];
  let accepted = 0;
  for (const [i, c] of cases.entries()) {
    const r = results[i];
    for (const path of ['reused', 'again', 'sync', 'wasm']) {
      if (JSON.stringify(r[path]) !== JSON.stringify(r.oneShot)) {
        failures.push(`${c.id}: ${path} gives ${JSON.stringify(r[path])}, one-shot ${JSON.stringify(r.oneShot)}`);
      }
    }
    const clerk = c.expect.ok ? 'ok' : c.expect.reason;
    const f = judge(listed, c.id, clerk, r.oneShot.ours, r.oneShot.code);
    if (f) failures.push(f);
    if (r.oneShot.ours === 'ok' && clerk === 'ok') {
      accepted++;
      try {
        assert.deepEqual(r.oneShot.payload, c.expect.payload);
      } catch {
        failures.push(`${c.id}: payload differs`);
      }
    }
  }
  assert.deepEqual(failures, []);
  assert.ok(accepted > 20, `${accepted} accepted`);
  // WebCrypto really checked signatures (three WebCrypto paths per case reaching phase 2).
  assert.ok(webcrypto >= 3 * accepted, `WebCrypto verified ${webcrypto} signatures`);
});

const REQUEST_RUNNER = `
import * as sj from 'sessionjwt/edge';
export default async function (input) {
  const out = [];
  for (const c of JSON.parse(input)) {
    const headers = new Headers();
    for (const [k, v] of Object.entries(c.request.headers)) headers.set(k, v);
    if (c.request.cookies) {
      const cookie = Object.entries(c.request.cookies).map(([k, v]) => k + '=' + v).join('; ');
      if (cookie) headers.set('cookie', cookie);
    }
    const req = new Request(c.request.url, { method: c.request.method, headers });
    const view = (s) => {
      const auth = s.toAuth();
      return {
        status: s.status, reason: s.reason, message: s.message, token: typeof s.token,
        carrier: s.tokenCarrier, userId: auth.userId, admin: auth.has({ role: 'admin' }),
      };
    };
    const v = sj.createVerifier(c.options);
    const r = { id: c.id };
    r.oneShot = view(await sj.authenticateRequest(req, { ...c.options, now: c.nowMs }));
    r.webcrypto = view(await v.authenticateRequest(req, { now: c.nowMs }));
    r.sync = view(v.authenticateRequestSync(req, { now: c.nowMs }));
    r.plain = view(await v.authenticateRequest({ method: c.request.method, headers: Object.fromEntries(headers) }, { now: c.nowMs }));
    v.free();
    out.push(r);
  }
  return JSON.stringify(out);
}`;

test('authenticate-request-cases.json through sessionjwt/edge: handshake -> signed-out', async () => {
  const { run } = await sandbox();
  const { cases } = clerkJson('authenticate-request-cases.json');
  const input = cases.map((c) => ({
    id: c.id,
    request: c.request,
    nowMs: c.nowMs,
    options: {
      jwtKey: clerkText(c.options.jwtKey),
      publishableKey: c.options.publishableKey,
      authorizedParties: c.options.authorizedParties,
    },
  }));
  const results = await run(REQUEST_RUNNER, input);
  assert.equal(results.length, 20);
  const failures = [];
  for (const [i, c] of cases.entries()) {
    const r = results[i];
    const wantStatus = c.expect.status === 'signed-in' ? 'signed-in' : 'signed-out';
    const wantReason = wantStatus === 'signed-in' ? null : c.expect.reason;
    for (const path of ['webcrypto', 'sync', 'plain']) {
      if (JSON.stringify(r[path]) !== JSON.stringify(r.oneShot)) {
        failures.push(`${c.id}: ${path} gives ${JSON.stringify(r[path])}, one-shot ${JSON.stringify(r.oneShot)}`);
      }
    }
    const s = r.oneShot;
    if (s.status !== wantStatus || s.reason !== wantReason) {
      failures.push(`${c.id}: want ${wantStatus} ${wantReason}, got ${s.status} ${s.reason}`);
      continue;
    }
    if (wantStatus === 'signed-in') {
      assert.equal(s.message, null, c.id);
      assert.equal(s.token, 'string', c.id);
      assert.equal(s.userId, 'user_2GIpXOEpVyJw51rkZn9Kmnc6Sxr', c.id);
    } else {
      assert.equal(s.userId, null, c.id);
      assert.equal(s.admin, false, c.id);
      if (c.expect.message) {
        const tail = c.expect.message.slice(c.expect.message.lastIndexOf(' (reason='));
        assert.ok(s.message.endsWith(tail), `${c.id}: ${s.message} vs ${tail}`);
      } else {
        assert.equal(s.message, '', c.id);
      }
    }
  }
  assert.deepEqual(failures, []);
});
