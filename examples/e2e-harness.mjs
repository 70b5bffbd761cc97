// The end-to-end harness both Next.js examples share (examples/nextjs, examples/nextjs-edge):
// token minting with `sessionjwt mint`, building and starting an app on a free loopback
// port in its own process group, and the checks of a signed-out request.
//
// Env: SESSIONJWT_CLI (path to the `sessionjwt` binary; default: built with cargo),
// SESSIONJWT_SHARED (default: ../shared beside the repo root), E2E_SKIP_BUILD=1.

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = process.env.SESSIONJWT_SHARED || path.resolve(REPO, '..', 'shared');
export const KEYS = path.join(SHARED, 'conformance', 'clerk', 'keys');
/** The origin the apps list as an authorized party (`azp`). */
export const ORIGIN = 'http://localhost:3000';

function cli() {
  if (process.env.SESSIONJWT_CLI) return process.env.SESSIONJWT_CLI;
  execFileSync('cargo', ['build', '-q', '--release', '-p', 'sessionjwt-cli'], { cwd: REPO, stdio: 'inherit' });
  const meta = JSON.parse(execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps'], { cwd: REPO }));
  return path.join(meta.target_directory, 'release', 'sessionjwt');
}

/**
 * `mint(claims, ...cliArgs)`: a token signed by `sessionjwt mint` with the Clerk fixture key,
 * or the `--key` among `cliArgs` (a `null` claim removes it); `payloadOf(token)`: its
 * payload, decoded without checks.
 */
export function minter() {
  const bin = cli();
  const fixture = ['--key', path.join(KEYS, 'signing-private-pkcs8.pem')];
  return {
    mint: (claims, ...args) =>
      execFileSync(bin, ['mint', ...(args.includes('--key') ? [] : fixture), '--claims', JSON.stringify(claims), ...args]).toString().trim(),
    payloadOf: (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()),
  };
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

/**
 * Builds `app` (`npm run build`, extra `buildArgs`; skipped with E2E_SKIP_BUILD=1), starts it
 * with `npm start` on a free loopback port with the Clerk fixture public key and ORIGIN as
 * an authorized party, waits for `/` to answer 200 (60 s at most), and stops it when the
 * test `t` ends. Returns `{ base, get(path, headers), logs() }`; `get` never follows
 * redirects.
 */
export async function startApp(t, app, buildArgs = []) {
  if (process.env.E2E_SKIP_BUILD !== '1') {
    execFileSync('npm', ['run', 'build', ...buildArgs], { cwd: app, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
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
  const server = spawn('npm', ['start', '--', '-H', '127.0.0.1'], { cwd: app, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
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
  return {
    base,
    get: (p, headers = {}) => fetch(`${base}${p}`, { headers, redirect: 'manual' }),
    logs: () => logs,
  };
}

/** Request headers that ask for a page. */
export const html = { accept: 'text/html' };

/** A `__session` cookie with a `__client_uat`. */
export const cookie = (token, uat) => ({ cookie: `__session=${token}; __client_uat=${uat}` });

/**
 * Asserts that a request with `headers` is signed out: `/api/me` answers 401 JSON and
 * `/dashboard` redirects (307) to `/sign-in`. Returns the API's reason and the redirect URL.
 */
export async function signedOut(app, what, headers) {
  const api = await app.get('/api/me', headers);
  assert.equal(api.status, 401, `${what}: /api/me`);
  assert.match(api.headers.get('content-type'), /application\/json/);
  const page = await app.get('/dashboard', { ...html, ...headers });
  assert.equal(page.status, 307, `${what}: /dashboard`);
  const location = new URL(page.headers.get('location'), app.base);
  assert.equal(location.pathname, '/sign-in');
  return { reason: (await api.json()).reason, location };
}
