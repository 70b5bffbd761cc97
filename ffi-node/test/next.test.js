'use strict';
// sessionjwt/next without Next.js: the middleware with WHATWG Requests, the route matcher,
// getAuth for the three request shapes, and failing closed (handler errors, swallowed
// denials, missing configuration, an addon that cannot load, the Edge runtime).

const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const next = require('../next');
const h = require('./helpers');

const NOW = h.NOW_MS;
const S = NOW / 1000;
const APP = 'https://app.example';
const options = { jwtKey: h.PUBLIC_PEM, authorizedParties: [APP], now: NOW, signInUrl: '/login' };
const token = h.mint({ sub: 'user_n', sid: 'sess_n', azp: APP, org_id: 'org_1', org_role: 'org:member', iat: S, exp: S + 60 });
const req = (p, headers = {}, method = 'GET') => new Request(`http://app.example${p}`, { method, headers });
const isProtected = next.createRouteMatcher(['/dashboard(.*)', '/api/me(.*)', '/users/:id']);
const mw = next.sessionMiddleware(async (auth, r) => {
  if (next.createRouteMatcher('/admin(.*)')(r)) await auth.protect({ role: 'org:admin' });
  else if (isProtected(r)) await auth.protect();
}, options);

test('createRouteMatcher: groups, params, RegExps, functions, decoded paths', () => {
  const yes = ['/dashboard', '/dashboard/x/y', '/api/me', '/users/42', '/%64ashboard', '/dashboard/'];
  const no = ['/', '/dash', '/apime', '/users/42/x', '/users', '/DASHBOARD'];
  for (const p of yes) assert.ok(isProtected(req(p)), p);
  for (const p of no) assert.ok(!isProtected(req(p)), p);
  assert.ok(next.createRouteMatcher(/^\/a/)(req('/abc')));
  assert.ok(next.createRouteMatcher((r) => r.method === 'POST')(req('/', {}, 'POST')));
  assert.ok(next.createRouteMatcher('/x')({ url: '/x?y=1', headers: {} }), 'IncomingMessage');
  assert.throws(() => next.createRouteMatcher([5]), TypeError);
});

test('middleware: public passes, documents redirect, APIs get 401, signed in passes', async () => {
  assert.equal(await mw(req('/')), undefined);
  const doc = await mw(req('/dashboard', { accept: 'text/html' }));
  assert.equal(doc.status, 307);
  const loc = new URL(doc.headers.get('location'));
  assert.equal(loc.pathname, '/login');
  assert.equal(loc.searchParams.get('redirect_url'), 'http://app.example/dashboard');
  const fwd = await mw(req('/dashboard', { 'sec-fetch-dest': 'document', host: 'example.com', 'x-forwarded-proto': 'https' }));
  assert.equal(new URL(fwd.headers.get('location')).searchParams.get('redirect_url'), 'https://example.com/dashboard');
  const api = await mw(req('/api/me', { accept: 'text/html' }));
  assert.equal(api.status, 401);
  assert.deepEqual(await api.json(), { error: 'unauthenticated', reason: 'session-token-and-uat-missing' });
  assert.equal(await mw(req('/api/me', { authorization: `Bearer ${token}` })), undefined);
  assert.equal(await mw(req('/dashboard', { cookie: `__session=${token}; __client_uat=${S}` })), undefined);
  const forbidden = await mw(req('/admin', { authorization: `Bearer ${token}` }));
  assert.equal(forbidden.status, 403);
});

test('middleware: handler sees auth(), has() and the state; may return its own response', async () => {
  let seen;
  const m = next.sessionMiddleware((auth) => {
    seen = { userId: auth().userId, member: auth.has({ role: 'member' }), status: auth.state.status };
    return new Response('custom', { status: 299 });
  }, options);
  const res = await m(req('/', { authorization: `Bearer ${token}` }));
  assert.equal(res.status, 299);
  assert.deepEqual(seen, { userId: 'user_n', member: true, status: 'signed-in' });
  const p = next.sessionMiddleware((auth) => auth.protect((has) => has({ permission: 'org:x:y' })), options);
  assert.equal((await p(req('/api/x', { authorization: `Bearer ${token}` }))).status, 403);
});

test('middleware fails closed: handler errors, swallowed denials, bad configuration', async (t) => {
  const errors = [];
  t.mock.method(console, 'error', (...a) => errors.push(a.join(' ')));
  const throwing = next.sessionMiddleware(() => { throw new Error('boom'); }, options);
  assert.equal((await throwing(req('/'))).status, 500);
  const swallowing = next.sessionMiddleware(async (auth) => {
    try { auth.protect(); } catch { /* a handler that swallows the denial */ }
  }, options);
  assert.equal((await swallowing(req('/api/me'))).status, 401);
  const badKey = next.sessionMiddleware(undefined, { jwtKey: 'not a key' });
  assert.equal((await badKey(req('/'))).status, 500);
  const saved = process.env.CLERK_JWT_KEY;
  delete process.env.CLERK_JWT_KEY;
  try {
    assert.equal((await next.sessionMiddleware()(req('/'))).status, 500);
  } finally {
    if (saved !== undefined) process.env.CLERK_JWT_KEY = saved;
  }
  assert.equal(errors.length, 3); // each failure is logged; a denial is not an error
  assert.throws(() => next.sessionMiddleware(5), TypeError);
});

test('getAuth: Request, IncomingMessage (Pages Router req / ctx.req), Headers; env options', () => {
  assert.equal(next.getAuth(req('/', { authorization: `Bearer ${token}` }), options).userId, 'user_n');
  const im = { method: 'GET', url: '/api/x', headers: { cookie: `__session=${token}; __client_uat=${S}` } };
  assert.equal(next.getAuth(im, options).orgRole, 'org:member');
  assert.equal(next.getAuth(new Headers({ authorization: `Bearer ${token}` }), options).has({ role: 'member' }), true);
  assert.equal(next.getAuth(req('/'), options).userId, null);
  const env = { CLERK_JWT_KEY: h.PUBLIC_PEM.replace(/\n/g, '\\n'), AUTHORIZED_PARTIES: ` ${APP} ,https://b.example,` };
  assert.deepEqual(next.optionsFromEnv(env).authorizedParties, [APP, 'https://b.example']);
  assert.throws(() => next.optionsFromEnv({}), /CLERK_JWT_KEY/);
});

function runIsolated(code, setup) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sessionjwt-next-'));
  try {
    setup(dir);
    return execFileSync(process.execPath, ['-e', code], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('an addon that cannot load is loud and every request fails closed', () => {
  // A copy of next.js with no sessionjwt beside it nor under the app root.
  const out = runIsolated(`
    const errors = [];
    console.error = (...a) => errors.push(a.map(String).join(' '));
    const next = require('./next.js');
    const mw = next.sessionMiddleware(() => undefined, { jwtKey: 'x' });
    mw(new Request('http://x/')).then((r) => {
      let getAuth;
      try { next.getAuth(new Request('http://x/'), { jwtKey: 'x' }); } catch (e) { getAuth = e.message; }
      console.log(JSON.stringify({ status: r.status, fatal: errors.some((e) => e.includes('[sessionjwt] FATAL')), getAuth }));
    });
  `, (dir) => fs.copyFileSync(path.join(__dirname, '..', 'next.js'), path.join(dir, 'next.js')));
  const r = JSON.parse(out);
  assert.equal(r.status, 500);
  assert.equal(r.fatal, true);
  assert.match(r.getAuth, /cannot load the sessionjwt package/);
});

test('the Edge runtime gets a clear error, from both entry points', () => {
  const pkg = path.resolve(__dirname, '..');
  const out = runIsolated(`
    globalThis.EdgeRuntime = 'edge-runtime';
    console.error = () => {};
    let main;
    try { require(${JSON.stringify(pkg)}); } catch (e) { main = e.message; }
    const next = require(${JSON.stringify(path.join(pkg, 'next.js'))});
    next.sessionMiddleware(undefined, {})(new Request('http://x/')).then(async (r) => {
      console.log(JSON.stringify({ main, status: r.status, body: await r.text() }));
    });
  `, () => {});
  const r = JSON.parse(out);
  assert.match(r.main, /cannot run on the Edge runtime/);
  assert.equal(r.status, 500);
});

test('getAuth with per-call options only: the keys come from the environment', () => {
  // Clerk's getAuth(req, { treatPendingAsSignedOut: false }) gives no key: the verifier is the
  // environment's, not a keyless one that signs every request out. (Last in this file: the
  // environment's verifier is kept for the process.)
  const saved = process.env.CLERK_JWT_KEY;
  process.env.CLERK_JWT_KEY = h.PUBLIC_PEM;
  try {
    const pendingToken = h.mint({ sub: 'user_p', sid: 'sess_p', sts: 'pending', iat: S, exp: S + 60 });
    const bearer = (t) => new Headers({ authorization: `Bearer ${t}` });
    assert.equal(next.getAuth(bearer(token), { now: h.NOW_MS }).userId, 'user_n');
    assert.equal(next.getAuth(bearer(pendingToken), { now: h.NOW_MS }).userId, null);
    assert.equal(next.getAuth(bearer(pendingToken), { now: h.NOW_MS, treatPendingAsSignedOut: false }).userId, 'user_p');
    // Verifier options without a key apply over the environment's key.
    assert.equal(next.getAuth(bearer(token), { now: h.NOW_MS, authorizedParties: ['https://other.example'] }).userId, null);
  } finally {
    if (saved === undefined) delete process.env.CLERK_JWT_KEY;
    else process.env.CLERK_JWT_KEY = saved;
  }
});
