'use strict';
// Hostile and malformed inputs (security.md §1.11): tokens that are not strings, Buffers,
// huge strings, NULs and lone surrogates; options that must be refused, never coerced.

const test = require('node:test');
const assert = require('node:assert/strict');
const sj = require('..');
const h = require('./helpers');

const verifier = sj.createVerifier({ jwtKey: h.PUBLIC_PEM });
const GOOD = h.TOKENS.mockJwt.token;

test('non-string tokens are TypeErrors (sync throws, async rejects)', async () => {
  const hostile = { toString() { throw new Error('toString must never be called'); } };
  const bad = [undefined, null, 42, 1n, true, {}, [], [GOOD], Buffer.from(GOOD), new Uint8Array(4),
    new SharedArrayBuffer(8), hostile, Symbol('t'), () => GOOD, new String(GOOD)];
  for (const token of bad) {
    assert.throws(() => verifier.verifySync(token, { now: h.NOW_MS }), TypeError);
    assert.throws(() => verifier.authenticate(token, { now: h.NOW_MS }), TypeError);
    await assert.rejects(verifier.verify(token, { now: h.NOW_MS }), TypeError);
    await assert.rejects(sj.verifyToken(token, { jwtKey: h.PUBLIC_PEM }), TypeError);
  }
});

// The timeout is a hang guard (each string is refused by its length first), not a speed check.
test('huge strings are refused as TOKEN_TOO_LARGE', { timeout: 60_000 }, async () => {
  for (const token of ['a'.repeat(8193), 'a.b.'.repeat(1 << 20), '.'.repeat(65536), 'é'.repeat(5000), 'x'.repeat(64 << 20)]) {
    assert.throws(() => verifier.verifySync(token, { now: h.NOW_MS }), (e) => e.code === 'TOKEN_TOO_LARGE' && e.reason === 'token-invalid');
    await assert.rejects(verifier.verify(token, { now: h.NOW_MS }), (e) => e.code === 'TOKEN_TOO_LARGE');
  }
  // maxTokenBytes lowers the limit; the limit counts UTF-8 bytes.
  const small = sj.createVerifier({ jwtKey: h.PUBLIC_PEM, maxTokenBytes: 100 });
  assert.equal(small.maxTokenBytes, 100);
  assert.throws(() => small.verifySync(GOOD, { now: h.NOW_MS }), (e) => e.code === 'TOKEN_TOO_LARGE');
  assert.throws(() => small.verifySync('é'.repeat(60), { now: h.NOW_MS }), (e) => e.code === 'TOKEN_TOO_LARGE');
});

test('NULs, lone surrogates, whitespace and Bearer prefixes are malformed tokens', () => {
  for (const token of [`${GOOD}\0`, `\0${GOOD}`, `${GOOD}\n`, ` ${GOOD}`, `Bearer ${GOOD}`, `${GOOD}\ud800`, '\ud800', '', 'a.b', 'a.b.c.d']) {
    assert.throws(() => verifier.verifySync(token, { now: h.NOW_MS }), (e) => e instanceof sj.TokenVerificationError && e.reason === 'token-invalid', JSON.stringify(token.slice(-3)));
  }
});

test('options are validated, never coerced', () => {
  const cases = [
    [{ authorizedParties: 'https://a.example' }, TypeError],
    [{ authorizedParties: [1] }, TypeError],
    [{ authorizedParties: null }, TypeError],
    [{ clockSkewInMs: '5000' }, TypeError],
    [{ clockSkewInMs: 1.5 }, RangeError],
    [{ audience: 5 }, TypeError],
    [{ audience: ['a', 5] }, TypeError],
    [{ issuer: {} }, TypeError],
    [{ headerType: [null] }, TypeError],
    [{ jwtKey: Buffer.from(h.PUBLIC_PEM) }, TypeError],
    [{ jwks: 5 }, TypeError],
    [{ jwks: [] }, TypeError],
    [{ jwks: Buffer.from('{"keys":[]}') }, TypeError],
    [{ jwks: new Map([['keys', []]]) }, TypeError],
    [{ jwk: 5 }, TypeError],
    [{ jwk: [] }, TypeError],
    [{ jwk: null }, TypeError],
    [{ jwk: true }, TypeError],
    [{ jwk: Buffer.from('{}') }, TypeError],
    [{ hmacSecret: 5 }, TypeError],
    [{ hmacSecret: 'not base64url!' }, TypeError],
    [{ hmacSecret: 'AAAA=' }, TypeError],
    [{ algorithms: 'RS256' }, TypeError],
    [{ maxTokenBytes: 0 }, RangeError],
    [{ maxTokenBytes: '8192' }, TypeError],
    [{ publishableKey: 1 }, TypeError],
  ];
  for (const [options, type] of cases) {
    assert.throws(() => sj.createVerifier({ jwtKey: h.PUBLIC_PEM, ...options }), type, JSON.stringify(options));
  }
  assert.throws(() => sj.createVerifier('jwtKey'), TypeError);
  assert.throws(() => sj.createVerifier(null), TypeError);
  for (const now of ['1666648250000', NaN, 1.5, new Date('x'), null]) {
    assert.throws(() => verifier.verifySync(GOOD, { now }), (e) => e instanceof TypeError || e instanceof RangeError);
  }
  assert.throws(() => verifier.authenticate(GOOD, { now: h.NOW_MS, treatPendingAsSignedOut: 'false' }), TypeError);
  // Dates work for now.
  assert.equal(verifier.verifySync(GOOD, { now: new Date(h.NOW_MS) }).sub, 'user_2GIpXOEpVyJw51rkZn9Kmnc6Sxr');
});

test('key and option errors carry the core vocabulary', () => {
  const cases = [
    [{ jwtKey: 'not a pem' }, 'KEY_PEM'],
    [{ jwks: '{"keys":' }, 'KEY_JWK'],
    [{ jwk: '{"kty":' }, 'KEY_JWK'],
    [{ jwk: { kty: 'EC', crv: 'P-521', x: 'AA', y: 'AA' } }, 'KEY_UNSUPPORTED'],
    [{ jwk: { keys: [] } }, 'KEY_JWK'],
    [{ hmacSecret: Buffer.alloc(8) }, 'KEY_HMAC_TOO_SHORT'],
    [{ jwtKey: h.PUBLIC_PEM, algorithms: ['none'] }, 'UNKNOWN_ALGORITHM'],
    [{ jwtKey: h.PUBLIC_PEM, algorithms: ['HS256'] }, 'NO_USABLE_ALGORITHM'],
    [{ jwtKey: h.PUBLIC_PEM, authorizedParties: Array(17).fill('x') }, 'INVALID_OPTION'],
  ];
  for (const [options, code] of cases) {
    assert.throws(() => sj.createVerifier(options), (e) => e instanceof sj.TokenVerificationError && e.code === code && typeof e.reason === 'string', code);
  }
  // No key at all is Clerk's jwk-failed-to-resolve, at verification time.
  assert.throws(() => sj.createVerifier({}).verifySync(GOOD, { now: h.NOW_MS }), (e) => e.reason === 'jwk-failed-to-resolve');
});

test('jwk and jwks as an object and as JSON text, HMAC secrets as base64url and bytes', async () => {
  const jwk = JSON.parse(h.clerkText('keys/public-jwk.json'));
  for (const jwks of [{ keys: [jwk] }, JSON.stringify({ keys: [jwk] })]) {
    assert.equal(sj.createVerifier({ jwks }).verifySync(GOOD, { now: h.NOW_MS }).sub, 'user_2GIpXOEpVyJw51rkZn9Kmnc6Sxr');
  }
  for (const one of [jwk, JSON.stringify(jwk)]) {
    assert.equal(sj.createVerifier({ jwk: one }).verifySync(GOOD, { now: h.NOW_MS }).sub, 'user_2GIpXOEpVyJw51rkZn9Kmnc6Sxr');
    assert.equal((await sj.verifyToken(GOOD, { jwk: one, now: h.NOW_MS })).sub, 'user_2GIpXOEpVyJw51rkZn9Kmnc6Sxr');
  }
  // A single JWK is not a one-key set: an unsupported curve is refused when loading, where a
  // set skips it (and a token then finds no key).
  const p521 = { kty: 'EC', crv: 'P-521', x: 'AA', y: 'AA' };
  assert.throws(() => sj.createVerifier({ jwk: p521 }), (e) => e.code === 'KEY_UNSUPPORTED' && e.reason === 'jwk-invalid');
  assert.throws(() => sj.createVerifier({ jwks: { keys: [p521] } }).verifySync(GOOD, { now: h.NOW_MS }), (e) => e.reason === 'jwk-failed-to-resolve');
  const crypto = require('node:crypto');
  const secret = crypto.randomBytes(32);
  const input = `${h.b64url({ alg: 'HS256', typ: 'JWT' })}.${h.b64url({ sub: 'user_h', exp: 2e9 })}`;
  const token = `${input}.${crypto.createHmac('sha256', secret).update(input).digest('base64url')}`;
  for (const hmacSecret of [secret, new Uint8Array(secret), secret.toString('base64url')]) {
    assert.equal((await sj.verifyToken(token, { hmacSecret, now: 1e12 })).sub, 'user_h');
  }
});

test('requests: bad shapes are TypeErrors; Bearer wins over the cookie', () => {
  for (const req of [undefined, null, 'Bearer x', 5]) {
    assert.throws(() => verifier.authenticateRequest(req, { now: h.NOW_MS }), TypeError);
  }
  const other = h.mint({ sub: 'user_cookie', iat: h.NOW_MS / 1000, exp: h.NOW_MS / 1000 + 60 });
  const s = verifier.authenticateRequest(
    { headers: { authorization: `Bearer ${GOOD}`, cookie: `__session=${other}; __client_uat=1` } },
    { now: h.NOW_MS },
  );
  assert.equal(s.status, 'signed-in');
  assert.equal(s.tokenCarrier, 'header');
  assert.equal(s.token, GOOD);
  // A Headers object alone works too (App Router: getAuth(await headers())).
  const s2 = verifier.authenticateRequest(new Headers({ cookie: `__session=${other}; __client_uat=1` }), { now: h.NOW_MS });
  assert.equal(s2.status, 'signed-in');
  assert.equal(s2.tokenCarrier, 'cookie');
  assert.equal(s2.token, other);
  // Without __client_uat the cookie is not enough (Clerk's rule, decided by the core).
  const s3 = verifier.authenticateRequest({ headers: { cookie: `__session=${other}` } }, { now: h.NOW_MS });
  assert.equal(s3.status, 'signed-out');
  assert.equal(s3.reason, 'session-token-but-no-client-uat');
  // Signed out: no token, as Clerk's signedOut(); the debug headers say why.
  assert.equal(s3.token, null);
  assert.equal(s3.headers.get('x-clerk-auth-reason'), 'session-token-but-no-client-uat');
  assert.equal(s3.headers.get('x-clerk-auth-status'), 'signed-out');
  // Plain header objects: names in any case (the lower-case spelling first), cookie arrays.
  const s4 = verifier.authenticateRequest({ headers: { Authorization: `Bearer ${GOOD}` } }, { now: h.NOW_MS });
  assert.deepEqual([s4.status, s4.token], ['signed-in', GOOD]);
  const s5 = verifier.authenticateRequest({ headers: { COOKIE: ['a=1', `__session=${other}`, '__client_uat=1'] } }, { now: h.NOW_MS });
  assert.deepEqual([s5.status, s5.tokenCarrier, s5.token], ['signed-in', 'cookie', other]);
  const s6 = verifier.authenticateRequest({ headers: { Authorization: 'Bearer x', authorization: `Bearer ${GOOD}` } }, { now: h.NOW_MS });
  assert.equal(s6.token, GOOD);
});

test('hostile toString / valueOf / Symbol.toPrimitive in options are never called', async () => {
  let calls = 0;
  const hostile = () => ({
    toString() { calls++; throw new Error('toString must never be called'); },
    valueOf() { calls++; throw new Error('valueOf must never be called'); },
    [Symbol.toPrimitive]() { calls++; throw new Error('toPrimitive must never be called'); },
  });
  const verifierOptions = ['jwtKey', 'jwks', 'hmacSecret', 'algorithms', 'authorizedParties', 'audience', 'issuer',
    'headerType', 'clockSkewInMs', 'maxTokenBytes', 'publishableKey'];
  for (const name of verifierOptions) {
    for (const value of [hostile(), [hostile()]]) {
      if (name === 'jwks' && !Array.isArray(value)) continue; // a JWKS object is JSON.stringify'd, see below
      assert.throws(() => sj.createVerifier({ jwtKey: h.PUBLIC_PEM, [name]: value }), TypeError, name);
      await assert.rejects(sj.verifyToken(GOOD, { jwtKey: h.PUBLIC_PEM, now: h.NOW_MS, [name]: value }), TypeError, name);
    }
  }
  // A JWKS given as an object is serialized with JSON.stringify, which reads own enumerable
  // data only (never toString): the hostile object is simply a set without keys.
  assert.throws(() => sj.createVerifier({ jwks: hostile() }), (e) => e instanceof sj.TokenVerificationError);
  // Per-call options.
  assert.throws(() => verifier.verifySync(GOOD, { now: hostile() }), TypeError);
  await assert.rejects(verifier.verify(GOOD, { now: hostile() }), TypeError);
  for (const name of ['now', 'treatPendingAsSignedOut']) {
    assert.throws(() => verifier.authenticate(GOOD, { now: h.NOW_MS, [name]: hostile() }), TypeError, name);
    assert.throws(() => verifier.authenticateRequest({ headers: {} }, { now: h.NOW_MS, [name]: hostile() }), TypeError, name);
  }
  // The options argument itself.
  // A plain object with hostile coercion methods is still a plain object: its (absent or
  // valid) members are read, nothing is coerced.
  assert.doesNotThrow(() => sj.createVerifier(hostile()));
  assert.ok(verifier.verifySync(GOOD, Object.assign(hostile(), { now: h.NOW_MS })).sub);
  // A hostile token is a TypeError before anything else, and never stringified.
  assert.throws(() => verifier.verifySync(hostile(), { now: h.NOW_MS }), TypeError);
  await assert.rejects(verifier.verify(hostile(), { now: h.NOW_MS }), TypeError);
  // A getter that throws propagates its own error (nothing is swallowed or coerced).
  const getter = Object.defineProperty({}, 'now', { get() { throw new RangeError('getter'); }, enumerable: true });
  assert.throws(() => verifier.verifySync(GOOD, getter), /getter/);
  assert.equal(calls, 0);
});

test('errors carry Clerk\'s action, and getFullMessage appends it as Clerk does', () => {
  const typ = h.mint({ sub: 'user_1', iat: h.NOW_MS / 1000, exp: h.NOW_MS / 1000 + 60 }, { alg: 'RS256', typ: 'jwt' });
  assert.throws(
    () => verifier.verifySync(typ, { now: h.NOW_MS }),
    (e) =>
      e.code === 'INVALID_TYPE' &&
      e.message === 'Invalid JWT type.' &&
      e.action === 'Make sure that this is a valid Clerk-generated JWT.' &&
      e.getFullMessage() ===
        'Invalid JWT type. Make sure that this is a valid Clerk-generated JWT. (reason=token-invalid, token-carrier=undefined)',
  );
  // No action: the full message is the message and the tail.
  assert.throws(
    () => verifier.verifySync('a.b', { now: h.NOW_MS }),
    (e) => e.action === undefined && e.getFullMessage() === `${e.message} (reason=token-invalid, token-carrier=undefined)`,
  );
  const s = verifier.authenticateRequest({ headers: { authorization: `Bearer ${typ}` } }, { now: h.NOW_MS });
  assert.equal(s.message, 'Invalid JWT type. Make sure that this is a valid Clerk-generated JWT. (reason=token-invalid, token-carrier=header)');
});
