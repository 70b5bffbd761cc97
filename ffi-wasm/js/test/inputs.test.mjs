// sessionjwt/edge beyond the Clerk data, in the sandbox: every key family and algorithm on
// the WebCrypto and wasm paths (which must agree, also on bad signatures), keys WebCrypto
// refuses, option validation, size limits, and loading the module.

import test from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sandbox, loadEdge, PKG } from './sandbox.mjs';
import { NOW_MS, PUBLIC_PEM, PRIVATE_PEM, mint, live } from './helpers.mjs';

const pem = (k) => k.export({ type: 'spki', format: 'pem' });

function keyCases() {
  const rsa = crypto.createPrivateKey(PRIVATE_PEM);
  const p256 = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const p384 = crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const ed = crypto.generateKeyPairSync('ed25519');
  const secret = crypto.randomBytes(64);
  const claims = live({ sub: 'user_k' });
  const cases = [];
  for (const alg of ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512']) {
    cases.push({ alg, options: { jwtKey: PUBLIC_PEM, algorithms: [alg] }, token: mint(claims, { alg, typ: 'JWT' }, rsa) });
  }
  cases.push({ alg: 'ES256', options: { jwtKey: pem(p256.publicKey) }, token: mint(claims, { alg: 'ES256' }, p256.privateKey) });
  cases.push({ alg: 'ES384', options: { jwtKey: pem(p384.publicKey) }, token: mint(claims, { alg: 'ES384' }, p384.privateKey) });
  cases.push({ alg: 'EdDSA', options: { jwtKey: pem(ed.publicKey) }, token: mint(claims, { alg: 'EdDSA' }, ed.privateKey) });
  // A JWKS with two keys selected by kid, and an EC key given as a JWK.
  const jwk = { ...p256.publicKey.export({ format: 'jwk' }), kid: 'ec-1', alg: 'ES256', use: 'sig' };
  const rsaJwk = { ...crypto.createPublicKey(PUBLIC_PEM).export({ format: 'jwk' }), kid: 'rsa-1', alg: 'RS256' };
  cases.push({ alg: 'ES256 (JWKS)', options: { jwks: { keys: [rsaJwk, jwk] } }, token: mint(claims, { alg: 'ES256', kid: 'ec-1' }, p256.privateKey) });
  cases.push({ alg: 'RS256 (JWKS)', options: { jwks: JSON.stringify({ keys: [rsaJwk, jwk] }) }, token: mint(claims, { alg: 'RS256', kid: 'rsa-1' }, rsa) });
  for (const alg of ['HS256', 'HS384', 'HS512']) {
    cases.push({ alg, options: { hmacSecret: secret.toString('base64url'), algorithms: [alg] }, token: mint(claims, { alg }, secret) });
  }
  cases.push({ alg: 'HS256 (bytes)', options: { hmacSecret: [...secret] }, token: mint(claims, { alg: 'HS256' }, secret) });
  return cases;
}

/** Variants of a valid token that must fail: tampered payload, flipped signature bit, a
 * signature one byte short (ring refuses; WebCrypto might left-pad), and an empty one. */
function variants(token) {
  const [h, p, s] = token.split('.');
  const sig = Buffer.from(s, 'base64url');
  const flipped = Buffer.from(sig);
  flipped[flipped.length - 1] ^= 1;
  const payload = JSON.parse(Buffer.from(p, 'base64url'));
  const forged = Buffer.from(JSON.stringify({ ...payload, sub: 'user_admin' })).toString('base64url');
  return {
    valid: token,
    tampered: `${h}.${forged}.${s}`,
    flipped: `${h}.${p}.${flipped.toString('base64url')}`,
    short: `${h}.${p}.${sig.subarray(1).toString('base64url')}`,
    leadingZero: `${h}.${p}.${Buffer.concat([Buffer.from([0]), sig]).toString('base64url')}`,
    empty: `${h}.${p}.`,
  };
}

const FAMILY_RUNNER = `
import * as sj from 'sessionjwt/edge';
export default async function (input) {
  const { cases, now } = JSON.parse(input);
  const outcome = async (f) => {
    try {
      const p = await f();
      return 'ok:' + p.sub;
    } catch (e) {
      return e instanceof sj.TokenVerificationError ? e.reason + '/' + e.code : 'THROWN ' + e;
    }
  };
  const out = [];
  for (const c of cases) {
    const options = Array.isArray(c.options.hmacSecret) ? { ...c.options, hmacSecret: new Uint8Array(c.options.hmacSecret) } : c.options;
    const web = sj.createVerifier(options);
    const wasm = sj.createVerifier({ ...options, crypto: 'wasm' });
    const r = { alg: c.alg };
    for (const [name, token] of Object.entries(c.variants)) {
      r[name] = {
        web: await outcome(() => web.verify(token, { now })),
        wasm: await outcome(() => wasm.verify(token, { now })),
        sync: await outcome(async () => web.verifySync(token, { now })),
      };
    }
    out.push(r);
  }
  return JSON.stringify(out);
}`;

test('every key family and algorithm: WebCrypto and wasm agree, also on bad signatures', async () => {
  const { run } = await sandbox();
  const cases = keyCases().map((c) => ({ ...c, variants: variants(c.token) }));
  const out = await run(FAMILY_RUNNER, { cases, now: NOW_MS });
  for (const r of out) {
    for (const [name, { web, wasm, sync }] of Object.entries(r)) {
      if (name === 'alg') continue;
      assert.equal(web, wasm, `${r.alg} ${name}: WebCrypto ${web}, wasm ${wasm}`);
      assert.equal(sync, wasm, `${r.alg} ${name}: sync ${sync}`);
      if (name === 'valid') assert.equal(web, 'ok:user_k', r.alg);
      else assert.match(web, /^token-invalid-signature\/INVALID_SIGNATURE$/, `${r.alg} ${name}`);
    }
  }
});

test('a key WebCrypto refuses is checked in wasm; without WebCrypto everything is', async () => {
  const { run } = await sandbox();
  const p256 = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const token = mint(live({ sub: 'user_f' }), { alg: 'ES256' }, p256.privateKey);
  const out = await run(`
import * as sj from 'sessionjwt/edge';
export default async function (input) {
  const { pem, token, now } = JSON.parse(input);
  const subtle = globalThis.crypto.subtle;
  const importKey = subtle.importKey.bind(subtle);
  const verify = subtle.verify.bind(subtle);
  let verified = 0;
  subtle.importKey = () => Promise.reject(new DOMException('unsupported', 'NotSupportedError'));
  subtle.verify = (...a) => { verified++; return verify(...a); };
  const v = sj.createVerifier({ jwtKey: pem });
  const refused = (await v.verify(token, { now })).sub;
  const tampered = await v.verify(token.slice(0, -4) + 'AAAA', { now }).then(() => 'ok', (e) => e.reason);
  subtle.importKey = importKey;
  const afterImport = verified;
  const real = sj.createVerifier({ jwtKey: pem });
  await real.verify(token, { now });
  return JSON.stringify({ refused, tampered, afterImport, verified });
}`, { pem: pem(p256.publicKey), token, now: NOW_MS });
  assert.deepEqual(out, { refused: 'user_f', tampered: 'token-invalid-signature', afterImport: 0, verified: 1 });
});

const OPTIONS_RUNNER = `
import * as sj from 'sessionjwt/edge';
export default async function (input) {
  const { pem, token, now } = JSON.parse(input);
  const attempt = (f) => {
    try {
      f();
      return 'ok';
    } catch (e) {
      return e.name + (e.reason ? ':' + e.reason + '/' + e.code : '') + (e.code && !e.reason ? ':' + e.code : '');
    }
  };
  const r = {};
  r.partiesString = attempt(() => sj.createVerifier({ jwtKey: pem, authorizedParties: 'https://a' }));
  r.audienceNumber = attempt(() => sj.createVerifier({ jwtKey: pem, audience: 5 }));
  r.skewNaN = attempt(() => sj.createVerifier({ jwtKey: pem, clockSkewInMs: NaN }));
  r.skewString = attempt(() => sj.createVerifier({ jwtKey: pem, clockSkewInMs: '5' }));
  r.skewFraction = attempt(() => sj.createVerifier({ jwtKey: pem, clockSkewInMs: 1.5 }));
  r.badPem = attempt(() => sj.createVerifier({ jwtKey: '-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----' }));
  r.noAlgorithms = attempt(() => sj.createVerifier({ jwtKey: pem, algorithms: [] }));
  r.commaAlgorithm = attempt(() => sj.createVerifier({ jwtKey: pem, algorithms: ['RS256,ES256'] }));
  r.none = attempt(() => sj.createVerifier({ jwtKey: pem, algorithms: ['none'] }));
  r.shortSecret = attempt(() => sj.createVerifier({ hmacSecret: 'c2hvcnQ' }));
  r.paddedSecret = attempt(() => sj.createVerifier({ hmacSecret: 'AAAA'.repeat(11) + 'AA==' }));
  r.secretType = attempt(() => sj.createVerifier({ hmacSecret: 42 }));
  r.crypto = attempt(() => sj.createVerifier({ jwtKey: pem, crypto: 'native' }));
  r.options = attempt(() => sj.createVerifier('jwtKey'));
  const v = sj.createVerifier({ jwtKey: pem, maxTokenBytes: 64 });
  r.tooLarge = attempt(() => v.verifySync(token, { now }));
  r.hugeString = await v.verify('x'.repeat(1 << 24), { now }).then(() => 'ok', (e) => e.code);
  r.tokenType = await v.verify(42).then(() => 'ok', (e) => e.name + ':' + e.code);
  r.nowType = attempt(() => v.verifySync(token, { now: '1' }));
  r.nowDate = attempt(() => sj.createVerifier({ jwtKey: pem }).verifySync(token, { now: new Date(now) }));
  r.badDate = attempt(() => v.verifySync(token, { now: new Date(NaN) }));
  r.pending = attempt(() => v.authenticateSync(token, { treatPendingAsSignedOut: 'no' }));
  r.request = attempt(() => v.authenticateRequestSync('Bearer x'));
  r.max = v.maxTokenBytes;
  r.verifyTokenType = await sj.verifyToken(token, { jwtKey: pem, issuer: [1] }).then(() => 'ok', (e) => e.name);
  const freed = sj.createVerifier({ jwtKey: pem });
  freed.free();
  r.afterFree = (await freed.verify(token, { now })).sub;
  return JSON.stringify(r);
}`;

test('options are validated, never coerced; limits hold', async () => {
  const { run } = await sandbox();
  const token = mint(live({ sub: 'user_o' }));
  const r = await run(OPTIONS_RUNNER, { pem: PUBLIC_PEM, token, now: NOW_MS });
  assert.deepEqual(r, {
    partiesString: 'TypeError:ERR_INVALID_ARG_TYPE',
    audienceNumber: 'TypeError:ERR_INVALID_ARG_TYPE',
    skewNaN: 'ok',
    skewString: 'TypeError:ERR_INVALID_ARG_TYPE',
    skewFraction: 'RangeError:ERR_OUT_OF_RANGE',
    badPem: 'TokenVerificationError:jwk-invalid/KEY_DER',
    noAlgorithms: 'TokenVerificationError:token-invalid-algorithm/UNKNOWN_ALGORITHM',
    commaAlgorithm: 'TokenVerificationError:token-invalid-algorithm/UNKNOWN_ALGORITHM',
    none: 'TokenVerificationError:token-invalid-algorithm/UNKNOWN_ALGORITHM',
    shortSecret: 'TokenVerificationError:jwk-invalid/KEY_HMAC_TOO_SHORT',
    paddedSecret: 'TypeError:ERR_INVALID_ARG_VALUE',
    secretType: 'TypeError:ERR_INVALID_ARG_TYPE',
    crypto: 'TypeError:ERR_INVALID_ARG_TYPE',
    options: 'TypeError:ERR_INVALID_ARG_TYPE',
    tooLarge: 'TokenVerificationError:token-invalid/TOKEN_TOO_LARGE',
    hugeString: 'TOKEN_TOO_LARGE',
    tokenType: 'TypeError:ERR_INVALID_ARG_TYPE',
    nowType: 'TypeError:ERR_INVALID_ARG_TYPE',
    nowDate: 'ok',
    badDate: 'RangeError:ERR_OUT_OF_RANGE',
    pending: 'TypeError:ERR_INVALID_ARG_TYPE',
    request: 'TypeError',
    max: 64,
    verifyTokenType: 'TypeError',
    afterFree: 'user_o',
  });
});

// Hostile sizes (the resource limits; core/tests/resource_limits.rs): each case is
// `[options, token or null, what to call]`; the runner reports the outcome of each.
const LIMITS_RUNNER = `
import * as sj from 'sessionjwt/edge';
export default async function (input) {
  const { cases, now } = JSON.parse(input);
  const out = {};
  for (const [name, options, token] of cases) {
    try {
      const v = sj.createVerifier(options);
      if (token === null) out[name] = 'built';
      else {
        const auth = (await v.authenticateRequest(new Headers({ authorization: 'Bearer ' + token }), { now })).toAuth();
        const web = await v.verify(token, { now });
        const absent = (v) => (v === undefined ? 'absent' : v);
        out[name] = { sub: web.sub, padLength: web.pad ? web.pad.length : 0, orgRole: absent(auth.orgRole),
          orgPermissions: absent(auth.orgPermissions), has: auth.has({ permission: 'org:f:p0' }) };
      }
      v.free();
    } catch (e) {
      out[name] = e instanceof sj.TokenVerificationError ? e.reason + '/' + e.code : 'THROWN ' + e;
    }
  }
  return JSON.stringify(out);
}`;

test('hostile sizes: a 1 MB token, 10^6-deep JSON, 10^4 keys, 10^5 permissions', { timeout: 120_000 }, async () => {
  const { run } = await sandbox();
  const MB = 1 << 20;
  const S = NOW_MS / 1000;
  const claims = (extra) => `{"sub":"user_1","sid":"sess_1","iat":${S - 10},"exp":${S + 60}${extra}}`;
  const deep = `${'['.repeat(1e6)}${']'.repeat(1e6)}`;
  const big = mint(claims(`,"pad":"${'x'.repeat(MB)}"`));
  const deepToken = mint(claims(`,"x":${deep}`));
  const per = Array.from({ length: 100_000 }, (_, i) => `p${i}`).join(',');
  const perms = mint(claims(`,"v":2,"fea":"o:f","o":{"id":"org_1","rol":"admin","slg":"acme","per":"${per}","fpm":"1"}`));
  const jwk = crypto.createPublicKey(PUBLIC_PEM).export({ format: 'jwk' });
  const keys = Array.from({ length: 10_000 }, (_, i) => ({ ...jwk, kid: `k${i}` }));
  const key = { jwtKey: PUBLIC_PEM };
  const cases = [
    ['big', key, big],
    ['bigAllowed', { ...key, maxTokenBytes: 2 * MB }, big],
    ['deep', key, deepToken],
    ['deepAllowed', { ...key, maxTokenBytes: 4 * MB }, deepToken],
    ['deepJwks', { jwks: deep }, null],
    ['deepJwk', { jwk: deep }, null],
    ['tenThousandKeys', { jwks: { keys } }, null],
    ['permissions', { ...key, maxTokenBytes: 2 * MB }, perms],
  ];
  const r = await run(LIMITS_RUNNER, { cases, now: NOW_MS });
  assert.deepEqual(r, {
    big: 'token-invalid/TOKEN_TOO_LARGE',
    bigAllowed: { sub: 'user_1', padLength: MB, orgRole: 'absent', orgPermissions: 'absent', has: false },
    deep: 'token-invalid/TOKEN_TOO_LARGE',
    deepAllowed: 'token-invalid/JSON_TOO_DEEP',
    deepJwks: 'jwk-invalid/KEY_JWK',
    deepJwk: 'jwk-invalid/KEY_JWK',
    tenThousandKeys: 'jwk-invalid/KEY_SET_FULL',
    permissions: { sub: 'user_1', padLength: 0, orgRole: 'org:admin', orgPermissions: [], has: false },
  });
});

test('Auth.getToken(): the session token, null when signed out; templates are refused', async () => {
  const { run } = await sandbox();
  const token = mint(live({ sub: 'user_g', sid: 'sess_g' }));
  const pending = mint(live({ sub: 'user_g', sid: 'sess_g', sts: 'pending' }));
  const r = await run(
    `
import * as sj from 'sessionjwt/edge';
export default async function (input) {
  const { pem, token, pending, now } = JSON.parse(input);
  const v = sj.createVerifier({ jwtKey: pem });
  const template = await v.authenticateSync(token, { now }).getToken({ template: 't' }).then(() => 'resolved', (e) => e.message);
  return JSON.stringify({
    async: await (await v.authenticate(token, { now })).getToken(),
    sync: await v.authenticateSync(token, { now }).getToken(),
    pending: await v.authenticateSync(pending, { now }).getToken(),
    request: await (await v.authenticateRequest(new Headers({ authorization: 'Bearer ' + token }), { now })).toAuth().getToken(),
    signedOut: await (await v.authenticateRequest(new Headers(), { now })).toAuth().getToken(),
    template,
  });
}`,
    { pem: PUBLIC_PEM, token, pending, now: NOW_MS },
  );
  assert.deepEqual(r, {
    async: token,
    sync: token,
    pending: null,
    request: token,
    signedOut: null,
    template: 'sessionjwt: getToken({ template }) needs the Clerk API (network); it is not supported.',
  });
});

test('loading: bytes, a Response, a Module, a URL; calls before loading fail loudly', async (t) => {
  const { EdgeRuntime } = await import('edge-runtime');
  const http = await import('node:http');
  const bytes = fs.readFileSync(path.join(PKG, 'sessionjwt.wasm'));
  // sessionjwt.wasm served on a loopback port, for init(url).
  const server = http.createServer((req, res) => {
    res.writeHead(req.url === '/sessionjwt.wasm' ? 200 : 404, { 'content-type': 'application/wasm' });
    res.end(req.url === '/sessionjwt.wasm' ? bytes : undefined);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const served = `http://127.0.0.1:${server.address().port}`;
  for (const how of ['bytes', 'response', 'module', 'url', 'url-404', 'url-fails', 'before-init']) {
    const runtime = new EdgeRuntime();
    // nothing listens on port 9
    const m = await loadEdge(runtime.context, 'http://127.0.0.1:9/sessionjwt/edge.mjs');
    const sj = m.namespace;
    const arg = {
      bytes: new Uint8Array(bytes),
      response: new runtime.context.Response(new Uint8Array(bytes)),
      module: new WebAssembly.Module(bytes),
      url: new URL(`${served}/sessionjwt.wasm`),
    }[how];
    if (how === 'before-init') {
      const v = sj.createVerifier({ jwtKey: PUBLIC_PEM }); // options checked, keys parsed later
      assert.throws(() => v.verifySync('a.b.c'), /not loaded.*await init\(\)/s);
      continue;
    }
    if (how === 'url-fails') {
      await assert.rejects(sj.init(), /cannot fetch .*initSync\(module\)/s);
      continue;
    }
    if (how === 'url-404') {
      await assert.rejects(sj.init(`${served}/missing.wasm`), /HTTP 404/);
      continue;
    }
    await sj.init(arg);
    await sj.init(arg); // a second call does nothing
    const token = mint(live({ sub: `user_${how}` }));
    const payload = await sj.verifyToken(token, { jwtKey: PUBLIC_PEM, now: NOW_MS });
    assert.equal(payload.sub, `user_${how}`, how);
  }
});
