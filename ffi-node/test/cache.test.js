'use strict';
// The repeat-token cache (the core's SharedTokenCache, one per native verifier) through the
// public API: a repeated token is a hit with the identical payload; a hit re-checks the time
// claims at the call's `now` exactly as a fresh verifier would; a token that failed (tampered,
// expired, not yet valid) is never stored; `cache: false` and `{max: 0}` turn it off; the
// option is validated like the others; verifyToken / authenticateRequest share verifiers
// between calls with identical options only; sessionjwt/next goes through the same path.

const test = require('node:test');
const assert = require('node:assert/strict');
const sj = require('..');
const next = require('../next');
const h = require('./helpers');

const NOW = h.NOW_MS;
const S = NOW / 1000;
const APP = 'https://app.example';
const claims = (extra = {}) => ({ sub: 'user_c', sid: 'sess_c', azp: APP, iat: S, nbf: S - 10, exp: S + 60, ...extra });
const TOKEN = h.mint(claims({ org_id: 'org_1', org_role: 'org:admin' }));
const OPTIONS = { jwtKey: h.PUBLIC_PEM, authorizedParties: [APP] };

/** Flips one character of the signature segment (still canonical base64url). */
function tamperSignature(token) {
  const i = token.length - 5;
  return token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
}

/** The same header and signature over another payload. */
function tamperPayload(token) {
  const [hd, , sig] = token.split('.');
  return `${hd}.${h.b64url(claims({ sub: 'user_evil' }))}.${sig}`;
}

/** The outcome of a call: the payload, or the error's identity. */
function outcome(f) {
  try {
    return { ok: f() };
  } catch (e) {
    assert.ok(e instanceof sj.TokenVerificationError, String(e));
    return { reason: e.reason, code: e.code, number: e.number, message: e.message };
  }
}

test('defaults: the cache is on with the core default of 256 slots', () => {
  const v = sj.createVerifier(OPTIONS);
  assert.deepEqual(v.cacheStats(), { hits: 0, misses: 0, inserts: 0, capacity: 256 });
  assert.deepEqual(new sj.Verifier({ ...OPTIONS, cache: { max: 3 } }).cacheStats().capacity, 3);
});

test('a repeated token is a hit and returns the identical payload (verifySync, verify, authenticate)', async () => {
  const v = sj.createVerifier(OPTIONS);
  const fresh = sj.createVerifier({ ...OPTIONS, cache: false }).verifySync(TOKEN, { now: NOW });
  const first = v.verifySync(TOKEN, { now: NOW });
  assert.deepEqual(v.cacheStats(), { hits: 0, misses: 1, inserts: 1, capacity: 256 });
  const second = v.verifySync(TOKEN, { now: NOW + 1000 });
  assert.deepEqual(v.cacheStats(), { hits: 1, misses: 1, inserts: 1, capacity: 256 });
  assert.deepEqual(second, first);
  assert.deepEqual(second, fresh);
  assert.equal(second.sub, 'user_c');
  assert.equal(second.org_role, 'org:admin');

  const third = await v.verify(TOKEN, { now: NOW });
  assert.deepEqual(third, first);
  assert.deepEqual(v.cacheStats(), { hits: 2, misses: 1, inserts: 1, capacity: 256 });

  const auth = v.authenticate(TOKEN, { now: NOW });
  assert.deepEqual(v.cacheStats(), { hits: 3, misses: 1, inserts: 1, capacity: 256 });
  assert.deepEqual(auth.toJSON(), sj.createVerifier({ ...OPTIONS, cache: false }).authenticate(TOKEN, { now: NOW }).toJSON());
  assert.equal(auth.userId, 'user_c');
  assert.equal(auth.has({ role: 'org:admin' }), true);
  assert.deepEqual(auth.sessionClaims, first);
});

test('a cached token that expires between calls is rejected on the hit path exactly like a fresh verifier', async () => {
  const v = sj.createVerifier(OPTIONS);
  const fresh = sj.createVerifier({ ...OPTIONS, cache: false });
  v.verifySync(TOKEN, { now: NOW });
  const later = NOW + 10 * 60 * 1000;
  const got = outcome(() => v.verifySync(TOKEN, { now: later }));
  assert.deepEqual(v.cacheStats(), { hits: 1, misses: 1, inserts: 1, capacity: 256 });
  assert.deepEqual(got, outcome(() => fresh.verifySync(TOKEN, { now: later })));
  assert.equal(got.reason, 'token-expired');
  assert.equal(got.code, 'TOKEN_EXPIRED');
  // The async path and the Auth path say the same.
  v.verifySync(TOKEN, { now: NOW });
  await assert.rejects(v.verify(TOKEN, { now: later }), (e) => e.reason === 'token-expired' && e.code === 'TOKEN_EXPIRED');
  v.verifySync(TOKEN, { now: NOW });
  assert.throws(() => v.authenticate(TOKEN, { now: later }), (e) => e.reason === 'token-expired');
  // Within the clock skew (5000 ms) after exp it still verifies, on the hit path as fresh.
  const edge = (S + 60) * 1000 + 4999;
  v.verifySync(TOKEN, { now: NOW });
  const hitsBefore = v.cacheStats().hits;
  assert.deepEqual(outcome(() => v.verifySync(TOKEN, { now: edge })), outcome(() => fresh.verifySync(TOKEN, { now: edge })));
  assert.equal(v.cacheStats().hits, hitsBefore + 1);
  assert.equal(outcome(() => v.verifySync(TOKEN, { now: edge + 2 })).reason, 'token-expired');
});

test('nbf and iat are re-checked on a hit at the call time', () => {
  const v = sj.createVerifier(OPTIONS);
  const fresh = sj.createVerifier({ ...OPTIONS, cache: false });
  const early = NOW - 60 * 1000; // before nbf - skew and before iat - skew
  assert.equal(outcome(() => v.verifySync(TOKEN, { now: early })).reason, 'token-not-active-yet');
  // A failed verification is never stored.
  assert.deepEqual(v.cacheStats(), { hits: 0, misses: 1, inserts: 0, capacity: 256 });
  v.verifySync(TOKEN, { now: NOW });
  assert.deepEqual(v.cacheStats(), { hits: 0, misses: 2, inserts: 1, capacity: 256 });
  const got = outcome(() => v.verifySync(TOKEN, { now: early }));
  assert.deepEqual(v.cacheStats(), { hits: 1, misses: 2, inserts: 1, capacity: 256 });
  assert.deepEqual(got, outcome(() => fresh.verifySync(TOKEN, { now: early })));
  assert.equal(got.reason, 'token-not-active-yet');
  // iat in the future (nbf absent): the hit says what a fresh verifier says.
  const iatToken = h.mint(claims({ nbf: undefined, iat: S + 30 }));
  v.verifySync(iatToken, { now: NOW + 30 * 1000 });
  const iatGot = outcome(() => v.verifySync(iatToken, { now: NOW }));
  assert.deepEqual(iatGot, outcome(() => fresh.verifySync(iatToken, { now: NOW })));
  assert.equal(iatGot.reason, 'token-iat-in-the-future');
  assert.equal(v.cacheStats().hits, 2);
});

test('a tampered token never hits, and failures are never stored', async () => {
  const v = sj.createVerifier(OPTIONS);
  const fresh = sj.createVerifier({ ...OPTIONS, cache: false });
  v.verifySync(TOKEN, { now: NOW });
  const tampered = [
    [tamperSignature(TOKEN), 'INVALID_SIGNATURE'],
    [tamperPayload(TOKEN), 'INVALID_SIGNATURE'],
    [`${TOKEN}A`, 'INVALID_SIGNATURE'],
    [TOKEN.slice(0, -1), 'BASE64'],
  ];
  for (const [bad, code] of tampered) {
    const before = v.cacheStats();
    const want = outcome(() => fresh.verifySync(bad, { now: NOW }));
    assert.equal(want.code, code);
    for (let i = 0; i < 2; i++) {
      assert.deepEqual(outcome(() => v.verifySync(bad, { now: NOW })), want);
      await assert.rejects(v.verify(bad, { now: NOW }), (e) => e.code === code && e.reason === want.reason);
    }
    const after = v.cacheStats();
    assert.deepEqual(after, { ...before, misses: before.misses + 4 });
  }
  assert.equal(outcome(() => v.verifySync(tamperSignature(TOKEN), { now: NOW })).reason, 'token-invalid-signature');
  // The good token is still a hit.
  const hits = v.cacheStats().hits;
  assert.equal(v.verifySync(TOKEN, { now: NOW }).sub, 'user_c');
  assert.equal(v.cacheStats().hits, hits + 1);
});

test('cache: false and {max: 0} turn the cache off (zero hits)', async () => {
  for (const cache of [false, { max: 0 }]) {
    const v = sj.createVerifier({ ...OPTIONS, cache });
    for (let i = 0; i < 5; i++) {
      assert.equal(v.verifySync(TOKEN, { now: NOW }).sub, 'user_c');
      assert.equal((await v.verify(TOKEN, { now: NOW })).sub, 'user_c');
      assert.equal(v.authenticateRequest(new Headers({ authorization: `Bearer ${TOKEN}` }), { now: NOW }).status, 'signed-in');
    }
    assert.deepEqual(v.cacheStats(), { hits: 0, misses: 0, inserts: 0, capacity: 0 });
  }
});

test('a cache of one slot still answers correctly for many tokens (eviction)', () => {
  const v = sj.createVerifier({ ...OPTIONS, cache: { max: 1 } });
  const tokens = Array.from({ length: 6 }, (_, i) => h.mint(claims({ sub: `user_${i}` })));
  for (let round = 0; round < 2; round++) {
    tokens.forEach((t, i) => assert.equal(v.verifySync(t, { now: NOW }).sub, `user_${i}`));
  }
  const s = v.cacheStats();
  assert.equal(s.hits + s.misses, 12);
  assert.equal(s.inserts, s.misses);
  assert.equal(s.capacity, 1);
  assert.equal(v.verifySync(tokens[5], { now: NOW }).sub, 'user_5');
  assert.equal(v.cacheStats().hits, s.hits + 1);
});

test('the cache option is validated, never coerced (createVerifier, new Verifier, verifyToken, authenticateRequest)', async () => {
  const cases = [
    [true, TypeError],
    [null, TypeError],
    [1, TypeError],
    ['on', TypeError],
    [[], TypeError],
    [{}, TypeError],
    [{ max: '16' }, TypeError],
    [{ max: null }, TypeError],
    [{ max: 16n }, TypeError],
    [{ max: 16, ttl: 1 }, TypeError],
    [{ size: 16 }, TypeError],
    [{ max: -1 }, RangeError],
    [{ max: 1.5 }, RangeError],
    [{ max: NaN }, RangeError],
    [{ max: Infinity }, RangeError],
    [{ max: 16385 }, RangeError],
    [{ max: 2 ** 53 }, RangeError],
  ];
  const request = new Headers({ authorization: `Bearer ${TOKEN}` });
  for (const [cache, type] of cases) {
    const options = { ...OPTIONS, cache };
    const check = (e) => e instanceof type && /"cache(\.max)?" option/.test(e.message);
    assert.throws(() => sj.createVerifier(options), check, JSON.stringify(String(cache)));
    assert.throws(() => new sj.Verifier(options), check);
    await assert.rejects(sj.verifyToken(TOKEN, { ...options, now: NOW }), check);
    await assert.rejects(sj.authenticateRequest(request, { ...options, now: NOW }), check);
  }
  // The bounds themselves are accepted.
  assert.equal(sj.createVerifier({ ...OPTIONS, cache: { max: 16384 } }).cacheStats().capacity, 16384);
  assert.equal(sj.createVerifier({ ...OPTIONS, cache: { max: 0 } }).cacheStats().capacity, 0);
});

test('verifyToken reuses one verifier (and its cache) for identical options, never for different ones', async () => {
  const { sharedVerifier } = sj._internal;
  const a = { ...OPTIONS, audience: 'aud-a' };
  const token = h.mint(claims({ aud: 'aud-a' }));
  assert.equal((await sj.verifyToken(token, { ...a, now: NOW })).sub, 'user_c');
  // A copy of the options (another object, same content) and another `now`: the same verifier.
  const second = await sj.verifyToken(token, { ...a, audience: 'aud-a', now: NOW + 1, treatPendingAsSignedOut: false });
  assert.equal(second.sub, 'user_c');
  const va = sharedVerifier({ ...a });
  assert.deepEqual(va.cacheStats(), { hits: 1, misses: 1, inserts: 1, capacity: 256 });
  assert.equal(sharedVerifier(a), va);

  // Any verifier-relevant difference is another verifier, with its own cache.
  const different = [
    { ...a, audience: 'aud-b' },
    { ...a, audience: ['aud-a', 'aud-b'] },
    { ...a, authorizedParties: [APP, 'https://other.example'] },
    { ...a, issuer: 'https://i.example' },
    { ...a, headerType: 'JWT' },
    { ...a, clockSkewInMs: 0 },
    { ...a, maxTokenBytes: 4096 },
    { ...a, algorithms: ['RS256'] },
    { ...a, publishableKey: 'pk_test_Y2xlcmsuZXhhbXBsZS5jb20k' },
    { ...a, cache: { max: 8 } },
    { ...a, cache: false },
  ];
  for (const options of different) {
    const v = sharedVerifier(options);
    assert.notEqual(v, va, JSON.stringify(options));
    assert.equal(v.cacheStats().hits, 0);
  }
  const b = { ...a, audience: 'aud-b' };
  await assert.rejects(sj.verifyToken(token, { ...b, now: NOW }), (e) => e.reason === 'token-verification-failed' && e.code === 'AUDIENCE_MISMATCH');
  assert.deepEqual(sharedVerifier(b).cacheStats(), { hits: 0, misses: 1, inserts: 0, capacity: 256 });
  // The earlier verifier did not see b's call.
  assert.deepEqual(va.cacheStats(), { hits: 1, misses: 1, inserts: 1, capacity: 256 });
  // Keys differ: never shared (another key, or the same key as a JWK).
  const jwk = require('node:crypto').createPublicKey(h.PUBLIC_PEM).export({ format: 'jwk' });
  const byJwk = sharedVerifier({ jwk, authorizedParties: [APP], audience: 'aud-a' });
  assert.notEqual(byJwk, va);
  assert.equal((await sj.verifyToken(token, { jwk, authorizedParties: [APP], audience: 'aud-a', now: NOW })).sub, 'user_c');
  assert.deepEqual(byJwk.cacheStats(), { hits: 0, misses: 1, inserts: 1, capacity: 256 });
  // cache: false through verifyToken: zero hits.
  const off = { ...a, cache: false };
  for (let i = 0; i < 3; i++) assert.equal((await sj.verifyToken(token, { ...off, now: NOW })).sub, 'user_c');
  assert.deepEqual(sharedVerifier(off).cacheStats(), { hits: 0, misses: 0, inserts: 0, capacity: 0 });
});

test('the verifyToken memo is bounded (least recently used goes first)', async () => {
  const { sharedVerifier, MEMO_ENTRIES } = sj._internal;
  assert.equal(MEMO_ENTRIES, 16);
  const base = { ...OPTIONS, issuer: 'https://memo.example/base' };
  const first = sharedVerifier(base);
  for (let i = 0; i < MEMO_ENTRIES - 1; i++) sharedVerifier({ ...OPTIONS, issuer: `https://memo.example/${i}` });
  assert.equal(sharedVerifier(base), first, 'still held (16 entries)');
  for (let i = 0; i < MEMO_ENTRIES; i++) sharedVerifier({ ...OPTIONS, issuer: `https://memo.example/more/${i}` });
  const again = sharedVerifier(base);
  assert.notEqual(again, first, 'evicted after 16 newer option sets');
  assert.deepEqual(again.cacheStats(), { hits: 0, misses: 0, inserts: 0, capacity: 256 });
  // A refused key is never memoised: it throws every time.
  for (let i = 0; i < 2; i++) {
    assert.throws(() => sharedVerifier({ jwtKey: 'not a key' }), (e) => e instanceof sj.TokenVerificationError && e.reason === 'jwk-invalid');
  }
});

test('authenticateRequest reuses verifiers; an expired cached token signs out as a fresh one', async () => {
  const { sharedVerifier } = sj._internal;
  const options = { ...OPTIONS, issuer: 'https://auth-request.example' };
  const token = h.mint(claims({ iss: 'https://auth-request.example' }));
  const header = () => new Request('https://app.example/', { headers: { authorization: `Bearer ${token}` } });
  const cookie = () => new Request('https://app.example/', { headers: { cookie: `__session=${token}; __client_uat=${S}` } });
  const first = await sj.authenticateRequest(header(), { ...options, now: NOW });
  const second = await sj.authenticateRequest(header(), { ...options, now: NOW });
  assert.equal(first.status, 'signed-in');
  assert.equal(second.status, 'signed-in');
  assert.deepEqual(second.toAuth().toJSON(), first.toAuth().toJSON());
  assert.deepEqual(second.toAuth().sessionClaims, first.toAuth().sessionClaims);
  const v = sharedVerifier(options);
  assert.deepEqual(v.cacheStats(), { hits: 1, misses: 1, inserts: 1, capacity: 256 });

  const later = NOW + 10 * 60 * 1000;
  const fresh = sj.createVerifier({ ...options, cache: false });
  for (const req of [header, cookie]) {
    await sj.authenticateRequest(req(), { ...options, now: NOW }); // (re)stores the token
    const hitsBefore = v.cacheStats().hits;
    const got = await sj.authenticateRequest(req(), { ...options, now: later });
    assert.equal(v.cacheStats().hits, hitsBefore + 1, 'the expired check ran on the hit path');
    const want = fresh.authenticateRequest(req(), { now: later });
    const view = (s) => ({ status: s.status, reason: s.reason, message: s.message, code: s.error && s.error.code, carrier: s.tokenCarrier, token: s.token });
    assert.deepEqual(view(got), view(want));
    assert.equal(got.status, 'signed-out');
    assert.equal(got.error.reason, 'token-expired');
    assert.equal(got.toAuth().userId, null);
  }
});

test('concurrent async verifies through one cache are consistent', async () => {
  const v = sj.createVerifier(OPTIONS);
  const tokens = Array.from({ length: 4 }, (_, i) => h.mint(claims({ sub: `user_${i}` })));
  const bad = tamperSignature(tokens[0]);
  const expected = tokens.map((t) => sj.createVerifier({ ...OPTIONS, cache: false }).verifySync(t, { now: NOW }));
  const calls = [];
  for (let round = 0; round < 50; round++) {
    tokens.forEach((t, i) => calls.push(v.verify(t, { now: NOW }).then((p) => assert.deepEqual(p, expected[i]))));
    calls.push(assert.rejects(v.verify(bad, { now: NOW }), (e) => e.reason === 'token-invalid-signature'));
    if (round % 10 === 0) calls.push(assert.rejects(v.verify(tokens[1], { now: NOW + 3600e3 }), (e) => e.reason === 'token-expired'));
  }
  await Promise.all(calls);
  const s = v.cacheStats();
  assert.equal(s.hits + s.misses, calls.length);
  // Every miss of a good token stored it; the tampered one (50 calls) and the expired calls
  // that missed never did.
  assert.ok(s.inserts >= tokens.length && s.inserts <= s.misses - 50, JSON.stringify(s));
  assert.ok(s.hits > 0, JSON.stringify(s));
  // Afterwards every good token is a hit.
  for (const [i, t] of tokens.entries()) assert.deepEqual(await v.verify(t, { now: NOW }), expected[i]);
  assert.equal(v.cacheStats().hits, s.hits + tokens.length);
});

test('sessionjwt/next authenticates through the same cached verifiers', async () => {
  const seen = new Set();
  const original = sj.Verifier.prototype.authenticateRequest;
  sj.Verifier.prototype.authenticateRequest = function authenticateRequest(...args) {
    seen.add(this);
    return original.apply(this, args);
  };
  try {
    let clock = NOW;
    const options = { ...OPTIONS, now: () => clock };
    const req = () => new Request('https://app.example/api/me', { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(next.getAuth(req(), options).userId, 'user_c');
    assert.equal(next.getAuth(req(), options).userId, 'user_c');
    const mw = next.sessionMiddleware(async (auth) => {
      await auth.protect();
    }, options);
    assert.equal(await mw(req()), undefined);
    // next.js keeps one verifier per options object: getAuth and the middleware share it.
    assert.equal(seen.size, 1);
    const [v] = seen;
    assert.deepEqual(v.cacheStats(), { hits: 2, misses: 1, inserts: 1, capacity: 256 });
    // The token expires: the hit path fails closed (401) as a fresh verification would, and
    // the expired entry is dropped (the next lookup misses and verifies in full: expired).
    clock = NOW + 3600e3;
    const denied = await mw(req());
    assert.equal(denied.status, 401);
    assert.equal((await denied.json()).reason, sj.createVerifier({ ...OPTIONS, cache: false }).authenticateRequest(req(), { now: clock }).reason);
    assert.equal(next.getAuth(req(), options).userId, null);
    assert.deepEqual(v.cacheStats(), { hits: 3, misses: 2, inserts: 1, capacity: 256 });
  } finally {
    sj.Verifier.prototype.authenticateRequest = original;
  }
});

test('with the cache on, payloads are deep-frozen and shared by the calls for one token; cache: false gives fresh mutable ones', async () => {
  const nested = h.mint(claims({ o: { id: 'org_1', rol: 'admin' }, fva: [1, -1] }));
  const v = sj.createVerifier(OPTIONS);
  const a = v.verifySync(nested, { now: NOW });
  const b = await v.verify(nested, { now: NOW });
  assert.equal(b, a);
  assert.equal(v.verifySync(nested, { now: NOW + 1 }), a);
  for (const o of [a, a.o, a.fva]) assert.ok(Object.isFrozen(o));
  assert.throws(() => { a.sub = 'user_evil'; }, TypeError); // this file is strict
  assert.throws(() => { a.o.rol = 'owner'; }, TypeError);
  assert.equal(v.verifySync(nested, { now: NOW }).o.rol, 'admin');

  const off = sj.createVerifier({ ...OPTIONS, cache: false });
  const c = off.verifySync(nested, { now: NOW });
  const d = off.verifySync(nested, { now: NOW });
  assert.notEqual(c, d);
  assert.ok(!Object.isFrozen(c));
  c.o.rol = 'owner';
  assert.equal(d.o.rol, 'admin');
  assert.deepEqual(d, JSON.parse(JSON.stringify(a)));
});

test('a payload kept for a token whose cache entry went to another token is verified again, never reused', () => {
  // Two slots. A and B are stored, A is used again (most recently used), then C takes the
  // least recently used slot: B's. The kept payload of B now holds a stale ticket.
  const v = sj.createVerifier({ ...OPTIONS, cache: { max: 2 } });
  const [A, B, C] = ['user_a', 'user_b', 'user_x'].map((sub) => h.mint(claims({ sub })));
  assert.equal(v.verifySync(A, { now: NOW }).sub, 'user_a');
  assert.equal(v.verifySync(B, { now: NOW }).sub, 'user_b');
  assert.equal(v.verifySync(A, { now: NOW }).sub, 'user_a');
  assert.equal(v.verifySync(C, { now: NOW }).sub, 'user_x');
  assert.deepEqual(v.cacheStats(), { hits: 1, misses: 3, inserts: 3, capacity: 2 });
  // B: the stale ticket is not a hit; B is verified in full (a miss) and stored again.
  assert.equal(v.verifySync(B, { now: NOW }).sub, 'user_b');
  assert.deepEqual(v.cacheStats(), { hits: 1, misses: 4, inserts: 4, capacity: 2 });
  // A tampered copy of a cached token is another string: verified in full, and refused.
  assert.equal(outcome(() => v.verifySync(tamperSignature(B), { now: NOW })).reason, 'token-invalid-signature');
});
