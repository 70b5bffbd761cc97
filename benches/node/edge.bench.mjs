// us/verify of sessionjwt/edge next to @clerk/backend 3.25, both inside the same edge-runtime
// sandbox (Vercel's Edge runtime emulation: V8 plus the platform's WebCrypto).
//
// @clerk/backend is bundled for the edge (esbuild, conditions edge-light/worker/browser) and
// loaded into the sandbox as one ES module; sessionjwt/edge is loaded as in the tests
// (initSync with the precompiled module). One fresh RS256 session token (the conformance
// key), the same options (jwtKey + authorizedParties) on every path.
//
// Run: make bench-edge (builds sessionjwt.wasm and installs ffi-wasm/js's lock first).
// Env: BENCH_ITERATIONS (default 2000).

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TOOLS = path.join(REPO, 'ffi-wasm', 'js');
const { sandbox, clerkText } = await import(path.join(TOOLS, 'test', 'sandbox.mjs'));
const esbuild = createRequire(path.join(TOOLS, 'package.json'))('esbuild');

const ITERATIONS = Number(process.env.BENCH_ITERATIONS || 2000);
const ORIGIN = 'https://app.example';

function mint() {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'ins_bench' })}.${b64({
    sub: 'user_bench', sid: 'sess_bench', azp: ORIGIN, iss: 'https://clerk.app.example',
    iat: now, nbf: now - 10, exp: now + 3600,
  })}`;
  const key = clerkText('keys/signing-private-pkcs8.pem');
  return `${input}.${crypto.sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

async function clerkBundle() {
  const out = await esbuild.build({
    stdin: { contents: "export { verifyToken } from '@clerk/backend';", resolveDir: TOOLS, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['edge-light', 'worker', 'browser'],
    write: false,
    logLevel: 'error',
  });
  return out.outputFiles[0].text;
}

const RUNNER = `
import * as sj from 'sessionjwt/edge';
import { verifyToken as clerkVerifyToken } from '@clerk/backend';
export default async function (input) {
  const { token, jwtKey, spkiBase64, origin, iterations } = JSON.parse(input);
  const options = { jwtKey, authorizedParties: [origin] };
  const webcrypto = sj.createVerifier(options);
  const wasm = sj.createVerifier({ ...options, crypto: 'wasm' });
  // Baseline: the platform's RSA verification alone, the key imported once.
  const [signingInput, signature] = (() => {
    const i = token.lastIndexOf('.');
    const b64 = token.slice(i + 1).replace(/-/g, '+').replace(/_/g, '/');
    const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    return [new TextEncoder().encode(token.slice(0, i)), Uint8Array.from(bin, (c) => c.charCodeAt(0))];
  })();
  const spki = Uint8Array.from(atob(spkiBase64), (c) => c.charCodeAt(0));
  const rsa = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const key = await crypto.subtle.importKey('spki', spki, rsa, false, ['verify']);
  const paths = {
    'WebCrypto alone (crypto.subtle.verify, key imported once; baseline)': async () => {
      if (!(await crypto.subtle.verify(rsa, key, signature, signingInput))) throw new Error('baseline');
      return { sub: 'user_bench' };
    },
    'sessionjwt/edge verifier.verify (WebCrypto)': () => webcrypto.verify(token),
    'sessionjwt/edge verifier.verifySync (ring in wasm)': () => wasm.verifySync(token),
    'sessionjwt/edge verifyToken (one-shot: key parse + import per call)': () => sj.verifyToken(token, options),
    '@clerk/backend verifyToken (jwtKey)': async () => {
      const r = await clerkVerifyToken(token, options);
      if (r && r.errors) throw r.errors[0];
      return r.data ?? r;
    },
  };
  // Rounds interleave the paths (the machine is shared: load drifts); the median round wins.
  const rounds = 7;
  const per = Math.max(1, Math.floor(iterations / rounds));
  const samples = {};
  for (const [name, f] of Object.entries(paths)) {
    const payload = await f();
    if (payload.sub !== 'user_bench') throw new Error(name + ': wrong payload');
    for (let i = 0; i < Math.min(200, per); i++) await f();
    samples[name] = [];
  }
  for (let r = 0; r < rounds; r++) {
    for (const [name, f] of Object.entries(paths)) {
      const t0 = performance.now();
      for (let i = 0; i < per; i++) await f();
      samples[name].push(((performance.now() - t0) * 1000) / per);
    }
  }
  const results = {};
  for (const [name, xs] of Object.entries(samples)) {
    xs.sort((a, b) => a - b);
    results[name] = { median: xs[xs.length >> 1], min: xs[0] };
  }
  return JSON.stringify(results);
}`;

const { context, run, edge } = await sandbox();
void edge;
const clerk = new vm.SourceTextModule(await clerkBundle(), { context, identifier: '@clerk/backend' });
await clerk.link(() => {
  throw new Error('the @clerk/backend bundle must be self-contained');
});
await clerk.evaluate();
// The runner imports '@clerk/backend': serve the bundle (the sandbox links sessionjwt/edge).
const results = await run(RUNNER, {
  token: mint(),
  jwtKey: clerkText('keys/signing-public-spki.pem'),
  spkiBase64: crypto
    .createPublicKey(clerkText('keys/signing-public-spki.pem'))
    .export({ type: 'spki', format: 'der' })
    .toString('base64'),
  origin: ORIGIN,
  iterations: ITERATIONS,
}, { '@clerk/backend': clerk });

const size = fs.statSync(path.join(REPO, 'ffi-node', 'sessionjwt.wasm')).size;
console.log(`edge-runtime sandbox, Node ${process.version}, ${ITERATIONS} iterations, RS256 (2048-bit key)`);
console.log(`sessionjwt.wasm: ${size} bytes`);
console.log('  median      min   us/verify');
for (const [name, { median, min }] of Object.entries(results)) {
  console.log(`${median.toFixed(1).padStart(8)} ${min.toFixed(1).padStart(8)}   ${name}`);
}
