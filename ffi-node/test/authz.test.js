'use strict';
// The Auth object and has() through the addon: Clerk's payload-parser rows (claims -> auth
// properties), has-cases.json and reverification-cases.json. Rows with claims are minted
// into real tokens and go through verification; rows that give the auth properties
// directly use the core's (unverified) dangerous entry point.

const test = require('node:test');
const assert = require('node:assert/strict');
const sj = require('..');
const h = require('./helpers');

const { dangerousHasFromProperties } = sj._internal;
const verifier = sj.createVerifier({ jwtKey: h.PUBLIC_PEM });
const NOW = h.NOW_MS;

/** Mints `claims` as a live token (time claims replaced) and returns its Auth object. */
function authFor(claims, options = {}) {
  const token = h.mint({ ...claims, iat: NOW / 1000, nbf: NOW / 1000 - 10, exp: NOW / 1000 + 60 });
  return verifier.authenticate(token, { now: NOW, ...options });
}

test('jwt-payload-parser-cases.json: auth properties from claims', () => {
  const data = h.clerkJson('jwt-payload-parser-cases.json');
  for (const c of data.cases) {
    // The parser itself has no pending rule: keep pending sessions as they are.
    const auth = authFor(c.claims, { treatPendingAsSignedOut: false });
    for (const [prop, want] of Object.entries(c.expect)) {
      if (want === '__undefined__') assert.ok(!(prop in auth), `${c.label}: ${prop} should be undefined`);
      else assert.deepEqual(auth[prop], want, `${c.label}: ${prop}`);
    }
    // sessionClaims is the whole verified payload.
    assert.equal(auth.sessionClaims.sub, c.claims.sub);
    assert.equal(auth.sessionClaims.iat, NOW / 1000);
  }
});

test('has-cases.json: every row', () => {
  const { cases } = h.clerkJson('has-cases.json');
  let fromOptions = 0;
  let fromClaims = 0;
  const failures = [];
  cases.forEach((c, row) => {
    let got;
    if (c.options) {
      got = dangerousHasFromProperties(c.options, c.params);
      fromOptions++;
    } else {
      // Taken off the object, as Clerk code does (`const { has } = auth()`).
      const { has } = authFor(c.claims);
      got = has(c.params);
      fromClaims++;
    }
    if (got !== c.expected) failures.push(`row ${row} (${c.group}): has(${JSON.stringify(c.params)}) = ${got}`);
  });
  assert.deepEqual([fromOptions, fromClaims], [69, 68]);
  assert.deepEqual(failures, []);
});

test('reverification-cases.json: every row, from properties and from claims', () => {
  const data = h.clerkJson('reverification-cases.json');
  const rows = [...data.fromSessionTest.cases, ...data.generatedGrid.cases];
  assert.equal(rows.length, 119);
  for (const r of rows) {
    const params = { reverification: r.reverification };
    const props = { userId: 'user_123', orgId: null };
    const claims = { sub: 'user_123', sid: 'sess_1' };
    if (r.fva !== null) {
      props.factorVerificationAge = r.fva;
      claims.fva = r.fva;
    }
    const what = `fva ${JSON.stringify(r.fva)} ${JSON.stringify(r.reverification)}`;
    assert.equal(dangerousHasFromProperties(props, params), r.expected, `${what} (properties)`);
    assert.equal(authFor(claims).has(params), r.expected, `${what} (claims)`);
  }
});

test('pending sessions, signed-out objects and has() marshalling', () => {
  const pending = { sub: 'user_p', sid: 'sess_p', sts: 'pending', org_id: 'org_1', org_role: 'org:admin' };
  const out = authFor(pending);
  assert.equal(out.userId, null);
  assert.equal(out.sessionStatus, 'pending');
  assert.equal(out.isAuthenticated, false);
  assert.equal(out.sessionClaims, null);
  assert.equal(out.has({ role: 'admin' }), false);
  const kept = authFor(pending, { treatPendingAsSignedOut: false });
  assert.equal(kept.userId, 'user_p');
  assert.equal(kept.has({ role: 'admin' }), true);
  // Odd params never throw; they fail closed.
  for (const p of [undefined, null, 5, 'admin', {}, { role: { toString: () => 'admin' } }, { reverification: null }, { reverification: [] }]) {
    assert.equal(kept.has(p), false, JSON.stringify(p));
  }
  // toJSON is the core's rendering, without sessionClaims.
  assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(kept))), ['userId', 'sessionId', 'sessionStatus', 'factorVerificationAge', 'orgId', 'orgRole']);
});

test('authenticateRequest toAuth honours treatPendingAsSignedOut', async () => {
  const token = h.mint({ sub: 'user_p', sts: 'pending', iat: NOW / 1000, exp: NOW / 1000 + 60 });
  const state = await sj.authenticateRequest(new Request('http://x/', { headers: { authorization: `Bearer ${token}` } }), { jwtKey: h.PUBLIC_PEM, now: NOW });
  assert.equal(state.status, 'signed-in');
  assert.equal(state.toAuth().userId, null);
  assert.equal(state.toAuth({ treatPendingAsSignedOut: false }).userId, 'user_p');
  const def = await sj.authenticateRequest(new Request('http://x/', { headers: { authorization: `Bearer ${token}` } }), { jwtKey: h.PUBLIC_PEM, now: NOW, treatPendingAsSignedOut: false });
  assert.equal(def.toAuth().userId, 'user_p');
});

test('a signed-in object is authenticated whatever its sub; has() still needs a truthy userId', () => {
  const auth = authFor({ sub: '', sid: 'sess_1' });
  assert.equal(auth.userId, '');
  assert.equal(auth.isAuthenticated, true);
  assert.equal(auth.has({ permission: 'org:a:b' }), false);
  const pending = authFor({ sub: 'user_1', sid: 'sess_1', sts: 'pending' });
  assert.deepEqual([pending.userId, pending.isAuthenticated, pending.sessionClaims], [null, false, null]);
});

test('reverification: afterMinutes may be any number above 0, Infinity included (as in Clerk)', () => {
  const auth = authFor({ sub: 'user_1', sid: 'sess_1', fva: [1, -1] });
  const after = (afterMinutes) => auth.has({ reverification: { level: 'first_factor', afterMinutes } });
  assert.deepEqual([Infinity, 2, 1, 0.5, 0, -Infinity, NaN].map(after), [true, true, false, false, false, false, false]);
  // No verified factor at all: no age passes, not even an infinite one.
  const none = authFor({ sub: 'user_1', sid: 'sess_1', fva: [-1, -1] });
  assert.equal(none.has({ reverification: { level: 'first_factor', afterMinutes: Infinity } }), false);
});

test('Auth objects carry tokenType session_token, signed in or out', () => {
  assert.equal(authFor({ sub: 'user_1', sid: 'sess_1' }).tokenType, 'session_token');
  assert.equal(authFor({ sub: 'user_1', sid: 'sess_1', sts: 'pending' }).tokenType, 'session_token');
});

test('getToken(): the session token when signed in, null when signed out; templates need the network', async () => {
  const token = h.mint({ sub: 'user_1', sid: 'sess_1', iat: NOW / 1000, nbf: NOW / 1000 - 10, exp: NOW / 1000 + 60 });
  const auth = verifier.authenticate(token, { now: NOW });
  assert.equal(await auth.getToken(), token);
  assert.equal(await auth.getToken({}), token);
  await assert.rejects(auth.getToken({ template: 'supabase' }), /getToken\(\{ template \}\) needs the Clerk API/);
  await assert.rejects(auth.getToken('x'), TypeError);
  assert.ok(!Object.keys(auth).includes('getToken'));
  const pending = h.mint({ sub: 'user_1', sid: 'sess_1', sts: 'pending', iat: NOW / 1000, exp: NOW / 1000 + 60 });
  assert.equal(await verifier.authenticate(pending, { now: NOW }).getToken(), null);
  const state = verifier.authenticateRequest({ headers: { authorization: `Bearer ${token}` } }, { now: NOW });
  assert.equal(await state.toAuth().getToken(), token);
  const out = verifier.authenticateRequest({ headers: {} }, { now: NOW });
  assert.equal(await out.toAuth().getToken(), null);
  // No session id: null, as Clerk's createGetToken.
  const noSid = h.mint({ sub: 'user_1', iat: NOW / 1000, exp: NOW / 1000 + 60 });
  assert.equal(await verifier.authenticate(noSid, { now: NOW }).getToken(), null);
});
