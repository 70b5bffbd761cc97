'use strict';
// Differential test: the same tokens through the published @clerk/backend 3.25.0 (a pinned
// devDependency, run networkless: fetch throws, Date.now pinned) and through the addon.
// Outcomes (accepted, or the reason) must be equal, except the divergences listed in the
// project's ledger (conformance/divergences.json). Generated tokens that belong to a listed
// divergence class name the ledger case they repeat (`sameAs`), and must diverge exactly so.

const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const sj = require('..');
const h = require('./helpers');
const clerk = require('@clerk/backend');
const clerkJwt = require('@clerk/backend/jwt');

const realNow = Date.now;
const realFetch = globalThis.fetch;

test.before(() => {
  globalThis.fetch = async () => {
    throw new Error('network access in the differential test');
  };
});
test.after(() => {
  Date.now = realNow;
  globalThis.fetch = realFetch;
});

/** Clerk's verdict ('ok' or the reason); `actions` (if given) collects reason -> action. */
async function clerkOutcome(fn, token, options, now, actions) {
  Date.now = () => now;
  try {
    if (fn === 'verifyJwt') await clerkJwt.verifyJwt(token, options);
    else await clerk.verifyToken(token, options);
    return 'ok';
  } catch (e) {
    if (actions && e.reason) actions.clerk = e.action;
    return e.reason || `threw ${e.name}`;
  } finally {
    Date.now = realNow;
  }
}

async function ourOutcome(token, options, now) {
  try {
    await sj.verifyToken(token, { ...options, now });
    return { ours: 'ok' };
  } catch (e) {
    if (!(e instanceof sj.TokenVerificationError)) throw e;
    return { ours: e.reason, code: e.code, action: e.action };
  }
}

test('verify-cases.json tokens: @clerk/backend live vs the addon', async () => {
  const listed = h.divergences('verify-cases.json');
  const failures = [];
  const seen = new Set();
  for (const c of h.clerkJson('verify-cases.json')) {
    const token = h.caseToken(c.token);
    const key = h.keyOptions(c.key);
    const options = { ...c.options };
    const clerkOptions = { ...options };
    if (typeof options.clockSkewInMs === 'string') {
      clerkOptions.clockSkewInMs = Number(options.clockSkewInMs); // NaN / Infinity: Clerk falls back
      delete options.clockSkewInMs; // we refuse them; the default is what Clerk used
    }
    let clerkRes;
    if (c.fn === 'verifyJwt') {
      clerkRes = await clerkOutcome('verifyJwt', token, { ...clerkOptions, key: key.jwks ? key.jwks.keys[0] : key.jwtKey }, c.nowMs);
      options.algorithms = ['RS256', 'RS384', 'RS512'];
    } else {
      clerkRes = await clerkOutcome('verifyToken', token, { ...clerkOptions, ...(key.jwtKey ? { jwtKey: key.jwtKey } : {}) }, c.nowMs);
    }
    // The recorded expectation is what the published package still does.
    const recorded = c.expect.ok ? 'ok' : c.expect.reason;
    if (clerkRes !== recorded) failures.push(`${c.id}: @clerk/backend now gives ${clerkRes}, recorded ${recorded}`);
    const { ours, code } = await ourOutcome(token, { ...options, ...key }, c.nowMs);
    const f = h.judge(listed, c.id, clerkRes, ours, code);
    if (f) failures.push(f);
    if (clerkRes !== ours) seen.add(c.id);
  }
  assert.deepEqual(failures, []);
  // Every listed verify-case divergence was observed live.
  assert.deepEqual([...seen].sort(), [...listed.keys()].sort());
});

// ---------------------------------------------------------------------------------------
// Generated tokens.

const NOW = 1_800_000_000_000;
const S = NOW / 1000;
const APP = 'https://app.example';
const ISS = 'https://clerk.app.example';
const HEADER = { alg: 'RS256', kid: 'ins_diff', typ: 'JWT', cat: 'cl_B7d4PD111AAA' };
const BASE = { sub: 'user_1', sid: 'sess_1', azp: APP, iss: ISS, iat: S, nbf: S - 10, exp: S + 60 };
const json = (o) => JSON.stringify(o);
const without = (o, k) => Object.fromEntries(Object.entries(o).filter(([n]) => n !== k));

/** [name, token, options, sameAs?] */
function corpus() {
  const t = (payload, header = HEADER) => h.mint(payload, header);
  const claims = (mods) => ({ ...BASE, ...mods });
  const good = t(BASE);
  const [gh, gp, gs] = good.split('.');
  const flip = (s, i) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
  const parties = { authorizedParties: [APP] };
  const rows = [
    ['valid', good, {}],
    ['valid, authorized party', good, parties],
    ['valid, two authorized parties', good, { authorizedParties: ['https://x.example', APP] }],
    ['azp not authorized', good, { authorizedParties: ['https://evil.example'] }],
    ['azp trailing slash', good, { authorizedParties: [`${APP}/`] }],
    ['azp missing, parties set', t(without(BASE, 'azp')), parties],
    ['azp missing, no parties', t(without(BASE, 'azp')), {}],
    ['azp empty string', t(claims({ azp: '' })), parties],
    ['exp inside skew', t(claims({ exp: S - 3 })), {}],
    ['exp outside skew', t(claims({ exp: S - 6 })), {}],
    ['exp exactly now, skew 0', t(claims({ exp: S })), { clockSkewInMs: 0 }],
    ['exp fractional, skew 0', t(claims({ exp: S + 0.9 })), { clockSkewInMs: 0 }],
    ['exp now-30, skew 60000', t(claims({ exp: S - 30 })), { clockSkewInMs: 60000 }],
    ['negative skew', good, { clockSkewInMs: -61000 }],
    ['exp missing', t(without(BASE, 'exp')), {}],
    ['exp string', t(claims({ exp: String(S + 60) })), {}],
    ['exp null', t(claims({ exp: null })), {}],
    ['nbf inside skew', t(claims({ nbf: S + 4 })), {}],
    ['nbf in the future', t(claims({ nbf: S + 30 })), {}],
    ['nbf null', t(claims({ nbf: null })), {}],
    ['iat in the future', t(claims({ iat: S + 30 })), {}],
    ['iat missing', t(without(BASE, 'iat')), {}],
    ['iat string', t(claims({ iat: 'x' })), {}],
    ['sub missing', t(without(BASE, 'sub')), {}],
    ['sub number', t(claims({ sub: 123 })), {}],
    ['sub empty', t(claims({ sub: '' })), {}],
    ['aud match', t(claims({ aud: 'api' })), { audience: 'api' }],
    ['aud mismatch', t(claims({ aud: 'web' })), { audience: 'api' }],
    ['aud array match', t(claims({ aud: ['web', 'api'] })), { audience: ['api'] }],
    ['aud array mismatch', t(claims({ aud: ['web'] })), { audience: 'api' }],
    ['aud not configured', t(claims({ aud: 'web' })), {}],
    ['aud missing, audience set', good, { audience: 'api' }, 'Q25'],
    ['aud number', t(claims({ aud: 5 })), { audience: 'api' }, 'Q21'],
    ['issuer match', good, { issuer: ISS }],
    ['issuer mismatch', good, { issuer: 'https://other.example' }],
    ['issuer list match', good, { issuer: ['https://other.example', ISS] }],
    ['iss missing, issuer set', t(without(BASE, 'iss')), { issuer: ISS }],
    ['typ missing', t(BASE, without(HEADER, 'typ')), {}],
    ['typ lowercase', t(BASE, { ...HEADER, typ: 'jwt' }), {}],
    ['typ at+jwt', t(BASE, { ...HEADER, typ: 'at+jwt' }), {}],
    ['typ at+jwt, headerType at+jwt', t(BASE, { ...HEADER, typ: 'at+jwt' }), { headerType: 'at+jwt' }],
    ['typ missing, headerType set', t(BASE, without(HEADER, 'typ')), { headerType: ['JWT'] }],
    ['typ null', t(BASE, { ...HEADER, typ: null }), {}],
    ['kid missing', t(BASE, without(HEADER, 'kid')), {}],
    ['cat M2M', t(BASE, { ...HEADER, cat: 'cl_B7d4PD333AAA' }), {}],
    ['cat template', t(BASE, { ...HEADER, cat: 'cl_B7d4PD222AAA' }), {}],
    ['cat missing', t(BASE, without(HEADER, 'cat')), {}],
    ['alg HS256 over an RSA signature', `${h.b64url({ ...HEADER, alg: 'HS256' })}.${gp}.${gs}`, {}],
    ['alg none', `${h.b64url({ ...HEADER, alg: 'none' })}.${gp}.`, {}],
    ['RS384 token, PEM key', t(BASE, { ...HEADER, alg: 'RS384' }), {}, 'Q15'],
    ['signature flipped', `${gh}.${gp}.${flip(gs, 10)}`, {}],
    ['signature of another payload', `${gh}.${t(claims({ sub: 'user_2' })).split('.')[1]}.${gs}`, {}],
    ['signed by another key', h.mint(BASE, HEADER, crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey), {}],
    ['signature empty', `${gh}.${gp}.`, {}],
    ['two segments', `${gh}.${gp}`, {}],
    ['four segments', `${good}.x`, {}],
    ['std base64 in signature', `${gh}.${gp}.${gs.replace(/-/g, '+').replace(/_/g, '/')}`, {}],
    ['payload not JSON', t('not json'), {}],
    ['signature padded', `${good}=`, {}, 'Q19'],
    ['duplicate sub', t(`{"sub":"user_1","sub":"user_admin","azp":"${APP}","iat":${S},"exp":${S + 60}}`), {}, 'Q09'],
    ['exp 1e400', t(`{"sub":"user_1","iat":${S},"exp":1e400}`), {}, 'Q03'],
    ['nbf 1e13', t(claims({ nbf: 1e13 })), {}, 'Q01'],
    ['exp -1e13', t(claims({ exp: -1e13 })), {}, 'Q02'],
    ['payload an array', t('[1,2]'), {}, 'Q23'],
    ['v2 claims with org', t(claims({ v: 2, o: { id: 'org_1', rol: 'admin', slg: 'acme', per: 'read', fpm: '1' }, fea: 'o:billing' })), parties],
    ['unicode claims', t(claims({ sub: 'user_ü\u2028', name: '😀' })), {}],
    ['escaped member name', t(`{"\\u0073ub":"user_1","iat":${S},"exp":${S + 60}}`), {}],
    ['alg written with escapes', t(BASE, '{"alg":"RS\\u0032\\u0035\\u0036","typ":"JWT"}'), {}],
    ['alg none written with escapes', t(BASE, '{"alg":"n\\u006fne","typ":"JWT"}'), {}],
    ['alg missing', t(BASE, without(HEADER, 'alg')), {}],
    ['alg null', t(BASE, { ...HEADER, alg: null }), {}],
    ['alg missing, typ at+jwt (typ first)', t(BASE, { ...without(HEADER, 'alg'), typ: 'at+jwt' }), {}],
    ['alg none, typ at+jwt (typ first)', t(BASE, { ...HEADER, alg: 'none', typ: 'at+jwt' }), {}],
    ['alg refused, cat M2M (cat first)', t(BASE, { ...HEADER, alg: 'HS256', cat: 'cl_B7d4PD333AAA' }), {}],
    ['cat a number', t(BASE, { ...HEADER, cat: 5 }), {}],
    ['cat null', t(BASE, { ...HEADER, cat: null }), {}],
    ['headerType empty list, typ JWT', good, { headerType: [] }],
    ['headerType empty list, typ missing', t(BASE, without(HEADER, 'typ')), { headerType: [] }],
    ['headerType empty string, typ missing', t(BASE, without(HEADER, 'typ')), { headerType: '' }],
  ];
  return rows;
}

test('generated tokens: @clerk/backend vs the addon', async () => {
  const ledger = h.divergences('verify-cases.json');
  const failures = [];
  let compared = 0;
  let actionsCompared = 0;
  for (const [name, token, options, sameAs] of corpus()) {
    const actions = {};
    const clerkRes = await clerkOutcome('verifyToken', token, { jwtKey: h.PUBLIC_PEM, ...options }, NOW, actions);
    const { ours, code, action } = await ourOutcome(token, { jwtKey: h.PUBLIC_PEM, ...options }, NOW);
    compared++;
    if (!sameAs) {
      if (clerkRes !== ours) failures.push(`${name}: clerk=${clerkRes} ours=${ours} [${code}] (unlisted divergence)`);
      // The same failure carries Clerk's action (the hint getFullMessage appends).
      else if (ours !== 'ok') {
        actionsCompared++;
        if (actions.clerk !== action) failures.push(`${name}: action clerk=${actions.clerk} ours=${action}`);
      }
      continue;
    }
    const d = ledger.get(sameAs);
    if (clerkRes !== d.clerk || ours !== d.ours || (d.code && d.code !== code)) {
      failures.push(`${name}: expected the ${sameAs} divergence (clerk=${d.clerk} ours=${d.ours} ${d.code}), got clerk=${clerkRes} ours=${ours} ${code}`);
    }
  }
  assert.ok(compared >= 60);
  assert.ok(actionsCompared >= 30);
  assert.deepEqual(failures, []);
});

// ---------------------------------------------------------------------------------------
// Request authentication: Clerk's handshake (network) is our signed-out with the same reason.

test('authenticateRequest: @clerk/backend vs the addon on the conformance requests and more', async () => {
  const { cases } = h.clerkJson('authenticate-request-cases.json');
  const requests = cases.map((c) => {
    const headers = { ...c.request.headers };
    if (c.request.cookies) {
      const cookie = Object.entries(c.request.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
      if (cookie) headers.cookie = cookie;
    }
    return { id: c.id, url: c.request.url, method: c.request.method, headers, options: c.options, now: c.nowMs };
  });
  // More: Bearer variants and cookie/uat combinations on a live key.
  const iat = NOW / 1000;
  // Clerk ignores an unsuffixed __session cookie whose iss is not the publishable key's
  // Frontend API (multi-app cookie suffixes); these tokens use the instance's own iss.
  const FAPI = 'https://clerk.inspired.puma-74.lcl.dev';
  const fresh = h.mint({ ...BASE, iss: FAPI, iat, nbf: iat - 10, exp: iat + 60 });
  const opts = { secretKey: 'sk_live_deadbeef', publishableKey: cases[6].options.publishableKey, jwtKey: 'keys/signing-public-spki.pem', authorizedParties: [APP] };
  const more = [
    ['bearer ok', { authorization: `Bearer ${fresh}` }],
    ['bearer lowercase scheme', { authorization: `bearer ${fresh}` }],
    ['basic scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['bearer wins over a bad cookie', { authorization: `Bearer ${fresh}`, cookie: '__session=x; __client_uat=1' }],
    ['cookie ok', { cookie: `__session=${fresh}; __client_uat=${iat}` }],
    ['cookie, uat newer', { cookie: `__session=${fresh}; __client_uat=${iat + 1}` }],
    ['cookie, uat junk', { cookie: `__session=${fresh}; __client_uat=abc` }],
    ['cookie, uat zero, no session', { cookie: '__client_uat=0' }],
    ['cookie malformed token', { cookie: `__session=abc; __client_uat=${iat}` }],
    ['cookie tampered', { cookie: `__session=${fresh.slice(0, -3)}AAA; __client_uat=${iat}` }],
    ['cookie wrong azp', { cookie: `__session=${h.mint({ ...BASE, iss: FAPI, azp: 'https://evil.example' })}; __client_uat=${iat}` }],
    ['bearer expired, POST', { authorization: `Bearer ${h.mint({ ...BASE, iat: iat - 600, exp: iat - 300 })}` }, 'POST'],
    ['cookie expired', { cookie: `__session=${h.mint({ ...BASE, iss: FAPI, iat: iat - 600, exp: iat - 300 })}; __client_uat=${iat - 600}` }],
    ['bearer nbf future', { authorization: `Bearer ${h.mint({ ...BASE, nbf: iat + 60 })}` }],
    // split(" ", 2): the token ends at the second space; an empty one gives the scheme.
    ['bearer with an extra part', { authorization: `Bearer ${fresh} extra` }],
    ['bearer two spaces', { authorization: `Bearer  ${fresh}` }],
    ['bearer, nothing after', { authorization: 'Bearer ' }],
    ['bearer cat a number', { authorization: `Bearer ${h.mint({ ...BASE, iat, nbf: iat - 10, exp: iat + 60 }, { ...HEADER, cat: 5 })}` }],
    ['bearer template cat', { authorization: `Bearer ${h.mint({ ...BASE, iat, nbf: iat - 10, exp: iat + 60 }, { ...HEADER, cat: 'cl_B7d4PD222AAA' })}` }],
    // The bundled `cookie` package keeps double quotes; __client_uat is parseInt(v) || 0.
    ['cookie, quoted session', { cookie: `__session="${fresh}"; __client_uat=${iat}` }],
    ['cookie, quoted uat', { cookie: `__session=${fresh}; __client_uat="${iat}"` }],
    ['cookie, hex uat', { cookie: `__session=${fresh}; __client_uat=0x10` }],
    ['cookie, hex uat after iat', { cookie: `__session=${fresh}; __client_uat=0x${(iat + 1).toString(16)}` }],
    ['cookie, uat with spaces and tabs', { cookie: `__session=${fresh}; __client_uat= \t${iat} ` }],
  ].map(([id, headers, method = 'GET']) => ({ id, url: 'https://app.example/api/x', method, headers: { 'sec-fetch-dest': 'empty', ...headers }, options: opts, now: NOW }));

  const failures = [];
  for (const r of [...requests, ...more]) {
    const jwtKey = h.clerkText(r.options.jwtKey);
    const options = { jwtKey, publishableKey: r.options.publishableKey, authorizedParties: r.options.authorizedParties };
    Date.now = () => r.now;
    let theirs;
    try {
      const client = clerk.createClerkClient({ secretKey: r.options.secretKey, publishableKey: r.options.publishableKey, jwtKey });
      const s = await client.authenticateRequest(new Request(r.url, { method: r.method, headers: r.headers }), options);
      theirs = { status: s.status === 'handshake' ? 'signed-out' : s.status, reason: s.status === 'signed-in' ? null : s.reason };
    } finally {
      Date.now = realNow;
    }
    const ours = await sj.authenticateRequest(new Request(r.url, { method: r.method, headers: r.headers }), { ...options, now: r.now });
    if (theirs.status !== ours.status || theirs.reason !== ours.reason) {
      failures.push(`${r.id}: clerk=${theirs.status}/${theirs.reason} ours=${ours.status}/${ours.reason}`);
    }
  }
  assert.deepEqual(failures, []);
});

// Found by this test: Clerk ignores an unsuffixed __session cookie whose `iss` is not the
// publishable key's Frontend API (usesSuffixedCookies) and reports session-token-and-uat-missing.
// The core's request rules implement it; this keeps both sides in step.
test('authenticateRequest: __session cookie issued by another instance', async () => {
  const { cases } = h.clerkJson('authenticate-request-cases.json');
  const pk = cases[6].options.publishableKey;
  const iat = NOW / 1000;
  const token = h.mint({ ...BASE, iss: 'https://clerk.other-app.example', iat, nbf: iat - 10, exp: iat + 60 });
  const headers = { cookie: `__session=${token}; __client_uat=${iat}` };
  Date.now = () => NOW;
  let theirs;
  try {
    const client = clerk.createClerkClient({ secretKey: 'sk_live_x', publishableKey: pk, jwtKey: h.PUBLIC_PEM });
    theirs = await client.authenticateRequest(new Request('https://app.example/', { headers }), { jwtKey: h.PUBLIC_PEM, publishableKey: pk });
  } finally {
    Date.now = realNow;
  }
  const ours = await sj.authenticateRequest(new Request('https://app.example/', { headers }), { jwtKey: h.PUBLIC_PEM, publishableKey: pk, now: NOW });
  assert.equal(theirs.reason, 'session-token-and-uat-missing');
  assert.deepEqual([ours.status, ours.reason], [theirs.status, theirs.reason]);
});

// Known differences outside the shared cases (README, "Semantics"), pinned live: each row
// must still come out exactly so on both sides, so a change on either side is noticed.
test('authenticateRequest: the known differences, as they stand', async () => {
  const { cases } = h.clerkJson('authenticate-request-cases.json');
  const pk = cases[6].options.publishableKey;
  const FAPI = 'https://clerk.inspired.puma-74.lcl.dev';
  const iat = NOW / 1000;
  const claimsAt = (extra = {}) => ({ ...BASE, iss: FAPI, iat, nbf: iat - 10, exp: iat + 60, ...extra });
  const fresh = h.mint(claimsAt());
  const cookie = (session, uat = iat) => ({ cookie: `__session=${session}; __client_uat=${uat}` });
  const rows = [
    // Cookies are not percent-decoded: encoded, the token is malformed and the uat ends early.
    ['percent-encoded __session', cookie(fresh.replace(/\./g, '%2E')), 'signed-in/null', 'signed-out/token-invalid'],
    ['percent-encoded __client_uat', cookie(fresh, encodeURIComponent(' ') + iat), 'signed-in/null', 'signed-out/session-token-but-no-client-uat'],
    // A non-number iat is not compared with __client_uat by JavaScript coercion; the token
    // then fails verification. Signed out either way.
    ['iat null, uat set', cookie(h.mint(claimsAt({ iat: null })), 10), 'signed-out/session-token-iat-before-client-uat', 'signed-out/token-verification-failed'],
    // Handshakes that only sync state for a valid token are not performed.
    ['cross-origin document navigation', { ...cookie(fresh), 'sec-fetch-dest': 'document', referer: 'https://elsewhere.example/page' }, 'signed-out/primary-domain-cross-origin-sync', 'signed-in/null'],
  ];
  const failures = [];
  for (const [id, headers, clerkWant, oursWant] of rows) {
    const options = { jwtKey: h.PUBLIC_PEM, publishableKey: pk };
    const request = () => new Request('https://app.example/dashboard', { headers });
    Date.now = () => NOW;
    let theirs;
    try {
      const client = clerk.createClerkClient({ secretKey: 'sk_live_x', publishableKey: pk, jwtKey: h.PUBLIC_PEM });
      const s = await client.authenticateRequest(request(), options);
      theirs = `${s.status === 'handshake' ? 'signed-out' : s.status}/${s.status === 'signed-in' ? null : s.reason}`;
    } finally {
      Date.now = realNow;
    }
    const o = await sj.authenticateRequest(request(), { ...options, now: NOW });
    const ours = `${o.status}/${o.reason}`;
    if (theirs !== clerkWant || ours !== oursWant) failures.push(`${id}: clerk=${theirs} ours=${ours}`);
  }
  assert.deepEqual(failures, []);
});

test('the Auth object: a v2 o.rol that is not a string gives no orgRole (Clerk: "org:" + String(rol))', async () => {
  const iat = NOW / 1000;
  const token = h.mint({ ...BASE, iat, nbf: iat - 10, exp: iat + 60, v: 2, o: { id: 'org_1', rol: 5, slg: 'acme' } });
  const pk = h.clerkJson('authenticate-request-cases.json').cases[6].options.publishableKey;
  Date.now = () => NOW;
  let theirs;
  try {
    const client = clerk.createClerkClient({ secretKey: 'sk_live_x', publishableKey: pk, jwtKey: h.PUBLIC_PEM });
    const s = await client.authenticateRequest(new Request('https://app.example/', { headers: { authorization: `Bearer ${token}` } }), { jwtKey: h.PUBLIC_PEM, publishableKey: pk });
    theirs = s.toAuth();
  } finally {
    Date.now = realNow;
  }
  const ours = (await sj.authenticateRequest(new Request('https://app.example/', { headers: { authorization: `Bearer ${token}` } }), { jwtKey: h.PUBLIC_PEM, now: NOW })).toAuth();
  assert.deepEqual([theirs.orgId, theirs.orgRole, theirs.has({ role: 'org:5' })], ['org_1', 'org:5', true]);
  assert.deepEqual([ours.orgId, ours.orgRole, ours.has({ role: 'org:5' })], ['org_1', undefined, false]);
});
