// End-to-end: build the app, start it on a loopback port with `npm start` (PORT), and check
// the proxy and the pages with tokens minted by `sessionjwt mint`, then stop the server.
// The harness (env variables included) is ../../e2e-harness.mjs.

import test from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ORIGIN, cookie, html, minter, signedOut, startApp } from '../../e2e-harness.mjs';

const APP = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

test('Next.js example: proxy.ts protects /dashboard and /api/me', { timeout: 300_000 }, async (t) => {
  const { mint, payloadOf } = minter();
  const app = await startApp(t, APP);
  const { base, get } = app;
  const expectSignedOut = async (what, headers) => {
    const { reason, location } = await signedOut(app, what, headers);
    assert.equal(location.searchParams.get('redirect_url'), `${base}/dashboard`);
    return reason;
  };

  await t.test('public routes pass; no token is signed out', async () => {
    assert.equal((await get('/')).status, 200);
    assert.equal((await get('/sign-in', html)).status, 200);
    assert.equal(await expectSignedOut('no token', {}), 'session-token-and-uat-missing');
  });

  const valid = mint({ sub: 'user_e2e', sid: 'sess_e2e', azp: ORIGIN, org_id: 'org_1', org_role: 'org:admin' }, '--ttl', '600');
  const iat = payloadOf(valid).iat;

  await t.test('a valid __session cookie (with __client_uat <= iat) is signed in', async () => {
    const api = await get('/api/me', cookie(valid, iat));
    assert.equal(api.status, 200);
    const body = await api.json();
    assert.equal(body.userId, 'user_e2e');
    assert.equal(body.sessionId, 'sess_e2e');
    assert.equal(body.orgRole, 'org:admin');
    const page = await get('/dashboard', { ...html, ...cookie(valid, iat) });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /id="user-id">user_e2e</);
  });

  await t.test('Pages Router API route: getAuth(req) on an IncomingMessage', async () => {
    assert.equal((await get('/api/pages-me')).status, 401);
    const r = await get('/api/pages-me', cookie(valid, iat));
    assert.equal(r.status, 200);
    assert.deepEqual(await r.json(), { userId: 'user_e2e', orgAdmin: true });
  });

  await t.test('a valid Authorization: Bearer token is signed in', async () => {
    const api = await get('/api/me', { authorization: `Bearer ${valid}` });
    assert.equal(api.status, 200);
    assert.equal((await api.json()).userId, 'user_e2e');
  });

  await t.test('a cookie without __client_uat, or older than it, is signed out', async () => {
    assert.equal(await expectSignedOut('no uat', { cookie: `__session=${valid}` }), 'session-token-but-no-client-uat');
    assert.equal(await expectSignedOut('uat > iat', cookie(valid, iat + 1)), 'session-token-iat-before-client-uat');
  });

  await t.test('expired, wrong azp, tampered and foreign-key tokens are signed out', async () => {
    const past = Date.now() - 3_600_000;
    const expired = mint({ sub: 'user_e2e', azp: ORIGIN }, '--ttl', '60', '--now', String(past));
    assert.equal(await expectSignedOut('expired', { authorization: `Bearer ${expired}` }), 'session-token-expired-refresh-non-eligible-no-refresh-cookie');
    const wrongAzp = mint({ sub: 'user_e2e', azp: 'https://evil.example' }, '--ttl', '600');
    assert.equal(await expectSignedOut('wrong azp', cookie(wrongAzp, iat)), 'token-invalid-authorized-parties');
    const noAzp = mint({ sub: 'user_e2e', azp: null }, '--ttl', '600'); // null removes a claim
    assert.equal(await expectSignedOut('no azp', { authorization: `Bearer ${noAzp}` }), 'token-invalid-authorized-parties');
    const [h, , s] = valid.split('.');
    const forged = Buffer.from(JSON.stringify({ ...payloadOf(valid), sub: 'user_admin' })).toString('base64url');
    assert.equal(await expectSignedOut('tampered', cookie(`${h}.${forged}.${s}`, iat)), 'token-invalid-signature');
    assert.equal(await expectSignedOut('truncated', { authorization: `Bearer ${valid.slice(0, -10)}` }), 'token-invalid-signature');
    assert.equal(await expectSignedOut('garbage', { authorization: 'Bearer not-a-jwt' }), 'token-invalid');
    // Signed by a key the app does not trust (a fresh RSA-2048 key, same kid-less header).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sessionjwt-e2e-'));
    const foreignKey = path.join(dir, 'foreign.pem');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    fs.writeFileSync(foreignKey, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const foreign = mint({ sub: 'user_e2e', azp: ORIGIN }, '--ttl', '600', '--key', foreignKey);
    fs.rmSync(dir, { recursive: true });
    assert.equal(await expectSignedOut('foreign key', cookie(foreign, iat)), 'token-invalid-signature');
  });

  await t.test('encoded paths cannot slip past the route matcher', async () => {
    const r = await get('/%64ashboard', html);
    const body = r.status === 200 ? await r.text() : '';
    assert.ok(!/id="user-id"/.test(body), `/%64ashboard answered ${r.status}`);
  });

  assert.doesNotMatch(app.logs(), /\[sessionjwt\] FATAL/, app.logs());
});
