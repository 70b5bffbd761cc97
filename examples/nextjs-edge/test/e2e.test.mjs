// End-to-end: build the app, start it on a loopback port with `npm start` (PORT), and check
// the Edge-runtime middleware and the edge route handler with tokens minted by
// `sessionjwt mint`, then stop the server.
//
// Env: SESSIONJWT_CLI (path to the `sessionjwt` binary; default: built with cargo),
// SESSIONJWT_SHARED (default: ../shared beside the repo root), E2E_SKIP_BUILD=1,
// E2E_WEBPACK=1 (build with webpack instead of Turbopack; both pass).

import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const APP = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REPO = path.resolve(APP, '..', '..');
const SHARED = process.env.SESSIONJWT_SHARED || path.resolve(REPO, '..', 'shared');
const KEYS = path.join(SHARED, 'conformance', 'clerk', 'keys');
const PRIVATE = path.join(KEYS, 'signing-private-pkcs8.pem');
const ORIGIN = 'http://localhost:3000';

function cli() {
  if (process.env.SESSIONJWT_CLI) return process.env.SESSIONJWT_CLI;
  execFileSync('cargo', ['build', '-q', '--release', '-p', 'sessionjwt-cli'], { cwd: REPO, stdio: 'inherit' });
  const meta = JSON.parse(execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps'], { cwd: REPO }));
  return path.join(meta.target_directory, 'release', 'sessionjwt');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('Next.js example on the Edge runtime: middleware.ts with sessionjwt/edge', { timeout: 300_000 }, async (t) => {
  const mintBin = cli();
  const mint = (claims, ...args) =>
    execFileSync(mintBin, ['mint', '--key', PRIVATE, '--claims', JSON.stringify(claims), ...args]).toString().trim();
  const payloadOf = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

  if (process.env.E2E_SKIP_BUILD !== '1') {
    const bundler = process.env.E2E_WEBPACK === '1' ? ['--', '--webpack'] : [];
    execFileSync('npm', ['run', 'build', ...bundler], { cwd: APP, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  }

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: String(port),
    CLERK_JWT_KEY: fs.readFileSync(path.join(KEYS, 'signing-public-spki.pem'), 'utf8'),
    AUTHORIZED_PARTIES: `${ORIGIN}, https://other.example`,
  };
  let logs = '';
  // Its own process group, so that stopping it stops npm, sh and next-server together.
  const server = spawn('npm', ['start', '--', '-H', '127.0.0.1'], { cwd: APP, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.on('data', (d) => { logs += d; });
  server.stderr.on('data', (d) => { logs += d; });
  const exited = new Promise((resolve) => server.once('exit', resolve));
  t.after(async () => {
    try { process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ }
    const timer = setTimeout(() => { try { process.kill(-server.pid, 'SIGKILL'); } catch { /* gone */ } }, 5000);
    await exited;
    clearTimeout(timer);
  });

  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/`)).status === 200) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) assert.fail(`server did not start:\n${logs}`);
    await sleep(200);
  }

  const get = (p, headers = {}) => fetch(`${base}${p}`, { headers, redirect: 'manual' });
  const html = { accept: 'text/html' };
  const cookie = (token, uat) => ({ cookie: `__session=${token}; __client_uat=${uat}` });
  const expectSignedOut = async (what, headers) => {
    const api = await get('/api/me', headers);
    assert.equal(api.status, 401, `${what}: /api/me`);
    assert.match(api.headers.get('content-type'), /application\/json/);
    const page = await get('/dashboard', { ...html, ...headers });
    assert.equal(page.status, 307, `${what}: /dashboard`);
    const location = new URL(page.headers.get('location'), base);
    assert.equal(location.pathname, '/sign-in');
    return (await api.json()).reason;
  };

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

  assert.doesNotMatch(logs, /\[sessionjwt\] FATAL/, logs);
});
