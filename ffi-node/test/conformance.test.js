'use strict';
// The Clerk conformance data through the addon: every verify case, every
// authenticateRequest case; has() and reverification rows through the Auth object.

const test = require('node:test');
const assert = require('node:assert/strict');
const sj = require('..');
const h = require('./helpers');

const RSA_ALL = ['RS256', 'RS384', 'RS512'];

function caseOptions(c) {
  const o = { ...h.keyOptions(c.key), ...c.options };
  // Clerk's verifyJwt imports the key for the token's own RS hash; verifyToken pins RS256.
  if (c.fn === 'verifyJwt') o.algorithms = RSA_ALL;
  return o;
}

test('verify-cases.json: every case matches Clerk or is a listed divergence', async (t) => {
  const cases = h.clerkJson('verify-cases.json');
  const listed = h.divergences('verify-cases.json');
  const failures = [];
  for (const c of cases) {
    const options = caseOptions(c);
    if (typeof options.clockSkewInMs === 'string') {
      // The data encodes NaN / Infinity as strings; the numbers themselves are passed, and
      // (as in Clerk) mean the default skew.
      options.clockSkewInMs = Number(options.clockSkewInMs);
    }
    const token = h.caseToken(c.token);
    let ours;
    let code;
    let payload;
    try {
      payload = await sj.verifyToken(token, { ...options, now: c.nowMs });
      ours = 'ok';
    } catch (e) {
      assert.ok(e instanceof sj.TokenVerificationError, `${c.id}: ${e}`);
      ours = e.reason;
      code = e.code;
    }
    // Sync, async-verifier and one-shot paths agree.
    const v = sj.createVerifier(options);
    let sync;
    try {
      v.verifySync(token, { now: c.nowMs });
      sync = 'ok';
    } catch (e) {
      sync = e.reason;
    }
    assert.equal(sync, ours, `${c.id}: sync and async differ`);
    const clerk = c.expect.ok ? 'ok' : c.expect.reason;
    const f = h.judge(listed, c.id, clerk, ours, code);
    if (f) failures.push(f);
    if (ours === 'ok' && clerk === 'ok') {
      try {
        assert.deepEqual(payload, c.expect.payload);
      } catch {
        failures.push(`${c.id}: payload differs`);
      }
    }
  }
  assert.equal(cases.length, 78);
  assert.deepEqual(failures, []);
});

function requestFor(c) {
  const headers = new Headers();
  for (const [k, v] of Object.entries(c.request.headers)) headers.set(k, v);
  if (c.request.cookies) {
    const cookie = Object.entries(c.request.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
    if (cookie) headers.set('cookie', cookie);
  }
  return new Request(c.request.url, { method: c.request.method, headers });
}

function incomingMessageFor(c) {
  const headers = {};
  for (const [k, v] of Object.entries(c.request.headers)) headers[k.toLowerCase()] = v;
  if (c.request.cookies) {
    const cookie = Object.entries(c.request.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
    if (cookie) headers.cookie = cookie;
  }
  return { method: c.request.method, url: '/path', headers };
}

test('authenticate-request-cases.json: Request and IncomingMessage, handshake -> signed-out', async () => {
  const { cases } = h.clerkJson('authenticate-request-cases.json');
  const failures = [];
  for (const c of cases) {
    const options = {
      jwtKey: h.clerkText(c.options.jwtKey),
      publishableKey: c.options.publishableKey,
      authorizedParties: c.options.authorizedParties,
      now: c.nowMs,
    };
    const wantStatus = c.expect.status === 'signed-in' ? 'signed-in' : 'signed-out';
    const wantReason = wantStatus === 'signed-in' ? null : c.expect.reason;
    for (const [kind, req] of [['Request', requestFor(c)], ['IncomingMessage', incomingMessageFor(c)]]) {
      const s = await sj.authenticateRequest(req, options);
      if (s.status !== wantStatus || s.reason !== wantReason) {
        failures.push(`${c.id} (${kind}): want ${wantStatus} ${wantReason}, got ${s.status} ${s.reason}`);
        continue;
      }
      // Clerk's debug headers, on every state.
      assert.equal(s.headers.get('x-clerk-auth-status'), wantStatus, c.id);
      assert.equal(s.headers.get('x-clerk-auth-reason'), wantReason || null, c.id);
      if (wantStatus === 'signed-in') {
        assert.equal(s.message, null);
        assert.equal(s.headers.get('x-clerk-auth-message'), null, c.id);
        assert.equal(typeof s.token, 'string', c.id);
        assert.equal(s.toAuth().userId, 'user_2GIpXOEpVyJw51rkZn9Kmnc6Sxr', c.id);
      } else {
        assert.equal(s.token, null, c.id);
        assert.equal(s.toAuth().userId, null, c.id);
        assert.equal(s.toAuth().has({ role: 'admin' }), false, c.id);
        // Clerk's message ends with the verification reason and the carrier.
        if (c.expect.message) {
          const tail = c.expect.message.slice(c.expect.message.lastIndexOf(' (reason='));
          assert.ok(s.message.endsWith(tail), `${c.id}: ${s.message} vs ${tail}`);
        } else {
          assert.equal(s.message, '', c.id);
        }
      }
    }
  }
  assert.equal(cases.length, 20);
  assert.deepEqual(failures, []);
});
