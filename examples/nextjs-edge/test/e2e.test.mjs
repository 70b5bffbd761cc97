// End-to-end: build the app, start it on a loopback port with `npm start` (PORT), and check
// the Edge-runtime middleware and the edge route handler with tokens minted by
// `sessionjwt mint`, then stop the server. The harness (env variables included) is
// ../../e2e-harness.mjs; E2E_WEBPACK=1 builds with webpack instead of Turbopack (both pass).

import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ORIGIN, cookie, html, minter, signedOut, startApp } from '../../e2e-harness.mjs';

const APP = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

test('Next.js example on the Edge runtime: middleware.ts with sessionjwt/edge', { timeout: 300_000 }, async (t) => {
  const { mint, payloadOf } = minter();
  const bundler = process.env.E2E_WEBPACK === '1' ? ['--', '--webpack'] : [];
  const app = await startApp(t, APP, bundler);
  const { get } = app;
  const expectSignedOut = async (what, headers) => (await signedOut(app, what, headers)).reason;

  await t.test('public routes pass; no token is signed out', async () => {
    assert.equal((await get('/')).status, 200);
    assert.equal((await get('/sign-in', html)).status, 200);
    assert.equal(await expectSignedOut('no token', {}), 'session-token-and-uat-missing');
  });

  const valid = mint({ sub: 'user_e2e', sid: 'sess_e2e', azp: ORIGIN, org_id: 'org_1', org_role: 'org:admin' }, '--ttl', '600');
  const iat = payloadOf(valid).iat;

  await t.test('a valid __session cookie is signed in, on the Edge runtime', async () => {
    const api = await get('/api/me', cookie(valid, iat));
    assert.equal(api.status, 200);
    const body = await api.json();
    assert.equal(body.userId, 'user_e2e');
    assert.equal(body.sessionId, 'sess_e2e');
    assert.equal(body.orgRole, 'org:admin');
    assert.equal(body.orgAdmin, true);
    // Both the middleware and the route handler ran on the Edge runtime.
    assert.equal(body.middlewareRuntime, 'edge-runtime');
    assert.equal(body.routeRuntime, 'edge-runtime');
    const page = await get('/dashboard', { ...html, ...cookie(valid, iat) });
    assert.equal(page.status, 200);
    const text = await page.text();
    assert.match(text, /id="user-id">user_e2e</);
    assert.match(text, /id="runtime">edge-runtime</);
  });

  await t.test('a valid Authorization: Bearer token is signed in', async () => {
    const api = await get('/api/me', { authorization: `Bearer ${valid}` });
    assert.equal(api.status, 200);
    assert.equal((await api.json()).userId, 'user_e2e');
  });

  await t.test('a pending session is kept out of protected routes', async () => {
    // The state is signed in (the token verified) but its auth object is signed out:
    // Clerk's treatPendingAsSignedOut default. The reason is null: nothing failed.
    const pending = mint({ sub: 'user_e2e', sid: 'sess_e2e', sts: 'pending', azp: ORIGIN }, '--ttl', '600');
    assert.equal(await expectSignedOut('pending', { authorization: `Bearer ${pending}` }), null);
  });

  await t.test('a forged x-sessionjwt-user header is replaced, not trusted', async () => {
    const page = await get('/dashboard', { ...html, ...cookie(valid, iat), 'x-sessionjwt-user': 'user_admin' });
    assert.match(await page.text(), /id="user-id">user_e2e</);
    const anon = await get('/', { 'x-sessionjwt-user': 'user_admin' });
    assert.equal(anon.status, 200);
  });

  await t.test('cookie rules, expired, wrong azp, tampered and garbage tokens are signed out', async () => {
    assert.equal(await expectSignedOut('no uat', { cookie: `__session=${valid}` }), 'session-token-but-no-client-uat');
    assert.equal(await expectSignedOut('uat > iat', cookie(valid, iat + 1)), 'session-token-iat-before-client-uat');
    const past = Date.now() - 3_600_000;
    const expired = mint({ sub: 'user_e2e', azp: ORIGIN }, '--ttl', '60', '--now', String(past));
    assert.equal(await expectSignedOut('expired', { authorization: `Bearer ${expired}` }), 'session-token-expired-refresh-non-eligible-no-refresh-cookie');
    const wrongAzp = mint({ sub: 'user_e2e', azp: 'https://evil.example' }, '--ttl', '600');
    assert.equal(await expectSignedOut('wrong azp', cookie(wrongAzp, iat)), 'token-invalid-authorized-parties');
    const [h, , s] = valid.split('.');
    const forged = Buffer.from(JSON.stringify({ ...payloadOf(valid), sub: 'user_admin' })).toString('base64url');
    assert.equal(await expectSignedOut('tampered', cookie(`${h}.${forged}.${s}`, iat)), 'token-invalid-signature');
    assert.equal(await expectSignedOut('truncated', { authorization: `Bearer ${valid.slice(0, -10)}` }), 'token-invalid-signature');
    assert.equal(await expectSignedOut('garbage', { authorization: 'Bearer not-a-jwt' }), 'token-invalid');
  });

  assert.doesNotMatch(app.logs(), /\[sessionjwt\] FATAL/, app.logs());
});
