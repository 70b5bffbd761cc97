'use strict';
// Hostile sizes through the addon (the resource limits; the core's own test is
// core/tests/resource_limits.rs): a 1 MB token, 10^6-deep JSON, a JWKS with 10^4 keys and
// 10^5 permissions are each refused or handled within the documented limits, with the
// core's error. The timeouts are hang guards, not speed checks.

const crypto = require('node:crypto');
const test = require('node:test');
const assert = require('node:assert/strict');
const sj = require('..');
const h = require('./helpers');

const S = Math.floor(h.NOW_MS / 1000);
const MB = 1 << 20;
const claims = (extra) => `{"sub":"user_1","sid":"sess_1","iat":${S - 10},"exp":${S + 60}${extra}}`;
const rejectsWith = (code, reason) => (e) => e instanceof sj.TokenVerificationError && e.code === code && e.reason === reason;

test('a 1 MB token: refused by size by default, verified in full when the limit allows it', { timeout: 60_000 }, () => {
  const token = h.mint(claims(`,"pad":"${'x'.repeat(MB)}"`));
  assert.ok(token.length > MB);
  const strict = sj.createVerifier({ jwtKey: h.PUBLIC_PEM });
  assert.throws(() => strict.verifySync(token, { now: h.NOW_MS }), rejectsWith('TOKEN_TOO_LARGE', 'token-invalid'));
  const roomy = sj.createVerifier({ jwtKey: h.PUBLIC_PEM, maxTokenBytes: 2 * MB });
  const payload = roomy.verifySync(token, { now: h.NOW_MS });
  assert.equal(payload.sub, 'user_1');
  assert.equal(payload.pad.length, MB);
});

test('10^6-deep JSON: too large by default, too deep with the size limit raised', { timeout: 60_000 }, () => {
  const token = h.mint(claims(`,"x":${'['.repeat(1e6)}${']'.repeat(1e6)}`));
  assert.throws(
    () => sj.createVerifier({ jwtKey: h.PUBLIC_PEM }).verifySync(token, { now: h.NOW_MS }),
    rejectsWith('TOKEN_TOO_LARGE', 'token-invalid'),
  );
  const roomy = sj.createVerifier({ jwtKey: h.PUBLIC_PEM, maxTokenBytes: 4 * MB });
  assert.throws(() => roomy.verifySync(token, { now: h.NOW_MS }), rejectsWith('JSON_TOO_DEEP', 'token-invalid'));
  assert.throws(() => roomy.authenticate(token, { now: h.NOW_MS }), rejectsWith('JSON_TOO_DEEP', 'token-invalid'));
  // The same depth as a key: a key error, not a crash.
  const deep = `${'['.repeat(1e6)}${']'.repeat(1e6)}`;
  assert.throws(() => sj.createVerifier({ jwks: deep }), rejectsWith('KEY_JWK', 'jwk-invalid'));
  assert.throws(() => sj.createVerifier({ jwk: deep }), rejectsWith('KEY_JWK', 'jwk-invalid'));
});

test('a JWKS with 10^4 keys: refused as a full key set (at most 16 keys)', { timeout: 60_000 }, () => {
  const jwk = crypto.createPublicKey(h.PUBLIC_PEM).export({ format: 'jwk' });
  const keys = Array.from({ length: 10_000 }, (_, i) => ({ ...jwk, kid: `k${i}` }));
  assert.throws(() => sj.createVerifier({ jwks: { keys } }), rejectsWith('KEY_SET_FULL', 'jwk-invalid'));
  // Sixteen load, and the token's kid selects among them.
  const sixteen = sj.createVerifier({ jwks: { keys: [...keys.slice(0, 15), { ...jwk, kid: 'ins_test' }] } });
  assert.equal(sixteen.verifySync(h.mint(claims('')), { now: h.NOW_MS }).sub, 'user_1');
});

test('10^5 permissions: more names than the 1024 cap grant none', { timeout: 60_000 }, () => {
  const per = Array.from({ length: 100_000 }, (_, i) => `p${i}`).join(',');
  const token = h.mint(claims(`,"v":2,"fea":"o:f","o":{"id":"org_1","rol":"admin","slg":"acme","per":"${per}","fpm":"1"}`));
  const verifier = sj.createVerifier({ jwtKey: h.PUBLIC_PEM, maxTokenBytes: 2 * MB });
  const auth = verifier.authenticate(token, { now: h.NOW_MS });
  assert.equal(auth.orgId, 'org_1');
  assert.equal(auth.orgRole, 'org:admin');
  assert.deepEqual(auth.orgPermissions, []);
  assert.equal(auth.has({ permission: 'org:f:p0' }), false);
  assert.equal(auth.has({ role: 'org:admin' }), true);
});
