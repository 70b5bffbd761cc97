// The bad-input battery, conformance/battery.json (read from the repository at run time),
// through sessionjwt/edge inside the edge-runtime sandbox, on three paths: verifySync (ring
// inside wasm), verify() with WebCrypto, and verify() with `crypto: 'wasm'`. Every member of
// each case's expected outcome is asserted per path: stage (a build-stage case is a
// createVerifier that throws TokenVerificationError), code, reason, number, category, sub.
//
// The mapping onto the JavaScript API is the Node runner's (ffi-node/test/battery.test.js),
// the edge API having the same options: pem_file -> jwtKey, hmac_secret_b64 -> hmacSecret
// (a Uint8Array made inside the sandbox), jwks_text -> jwks, jwk_text -> jwk. Every case
// runs. Raw-byte tokens: valid UTF-8 as the identical string, invalid UTF-8 as the string it
// decodes to.

import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sandbox, REPO } from './sandbox.mjs';

const BATTERY = JSON.parse(fs.readFileSync(path.join(REPO, 'conformance', 'battery.json'), 'utf8'));
const CASES = BATTERY.cases;

/** The catalog category of a core error number: the battery's own table (generated from the core). */
function category(number) {
  const c = BATTERY.categories[String(number)];
  if (c === undefined) throw new Error(`error number ${number} is not in battery.json's categories`);
  return c;
}

const OPTION_NAMES = {
  algorithms: 'algorithms',
  authorized_parties: 'authorizedParties',
  audiences: 'audience',
  issuers: 'issuer',
  header_types: 'headerType',
  clock_skew_ms: 'clockSkewInMs',
  max_token_bytes: 'maxTokenBytes',
};

const spec = (v) => (typeof v === 'string' ? BATTERY.verifiers[v] : v);

/** JSON-able options; `hmacSecretB64` becomes a Uint8Array inside the sandbox. */
function options(c) {
  const s = spec(c.verifier);
  const o = {};
  const set = (name, value) => {
    assert.equal(o[name], undefined, `${c.id}: two keys for ${name}`);
    o[name] = value;
  };
  for (const name of s.keys || []) {
    const key = BATTERY.keys[name];
    if (key.pem_file !== undefined) set('jwtKey', fs.readFileSync(path.join(REPO, key.pem_file), 'utf8'));
    else if (key.hmac_secret_b64 !== undefined) set('hmacSecretB64', key.hmac_secret_b64);
    else if (key.jwks_text !== undefined) set('jwks', key.jwks_text);
    else if (key.jwk_text !== undefined) set('jwk', key.jwk_text);
    else assert.fail(`${c.id}: key ${name}`);
  }
  for (const [member, value] of Object.entries(s)) {
    if (member === 'keys') continue;
    assert.ok(OPTION_NAMES[member], `${c.id}: option ${member} has no JS equivalent`);
    o[OPTION_NAMES[member]] = value;
  }
  return o;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const LOSSY = new TextDecoder('utf-8');

function token(c) {
  if (typeof c.token === 'string') return { token: c.token, kind: 'text' };
  if (typeof c.token_b64 === 'string') {
    const bytes = Buffer.from(c.token_b64, 'base64');
    try {
      return { token: UTF8.decode(bytes), kind: 'bytes' };
    } catch {
      return { token: LOSSY.decode(bytes), kind: 'lossy' };
    }
  }
  const r = c.token_repeat;
  return { token: (r.prefix || '') + r.unit.repeat(r.count) + (r.suffix || ''), kind: 'text' };
}

const RUNNER = `
import * as sj from 'sessionjwt/edge';
export default async function (input) {
  const out = [];
  for (const c of JSON.parse(input)) {
    const o = { ...c.options };
    if (o.hmacSecretB64 !== undefined) {
      o.hmacSecret = Uint8Array.from(atob(o.hmacSecretB64), (ch) => ch.charCodeAt(0));
      delete o.hmacSecretB64;
    }
    const outcome = async (stage, f) => {
      try {
        const payload = await f();
        return { stage: 'ok', sub: payload.sub };
      } catch (e) {
        if (!(e instanceof sj.TokenVerificationError)) return { stage, thrown: e.name + ': ' + e.message, code: e.code };
        return { stage, code: e.code, reason: e.reason, number: e.number };
      }
    };
    const now = { now: c.now };
    const r = { id: c.id };
    let v, w;
    const built = await outcome('build', () => { v = sj.createVerifier(o); w = sj.createVerifier({ ...o, crypto: 'wasm' }); return {}; });
    if (built.stage !== 'ok') {
      r.sync = r.webcrypto = r.wasm = built;
    } else {
      r.sync = await outcome('verify', () => v.verifySync(c.token, now));
      r.webcrypto = await outcome('verify', () => v.verify(c.token, now));
      r.wasm = await outcome('verify', () => w.verify(c.token, now));
      v.free();
      w.free();
    }
    out.push(r);
  }
  return JSON.stringify(out);
}
`;

test('battery: every case through sessionjwt/edge in the edge runtime (verifySync, WebCrypto, wasm)', async () => {
  const input = [];
  const ran = { text: 0, bytes: 0, lossy: 0 };
  for (const c of CASES) {
    const t = token(c);
    ran[t.kind]++;
    input.push({ id: c.id, options: options(c), token: t.token, now: c.now_ms ?? BATTERY.now_ms });
  }
  const { run } = await sandbox();
  const results = await run(RUNNER, input);
  assert.equal(results.length, input.length);
  assert.equal(results.length, CASES.length);
  const byId = new Map(CASES.map((c) => [c.id, c]));
  const failures = [];
  for (const r of results) {
    const e = byId.get(r.id).expect;
    for (const path of ['sync', 'webcrypto', 'wasm']) {
      const got = r[path];
      let want;
      if (e.result === 'ok') {
        want = { stage: 'ok', sub: e.sub ?? got.sub };
        if (typeof got.sub !== 'string') failures.push(`${r.id} (${path}): sub ${JSON.stringify(got.sub)}`);
      } else {
        want = { stage: e.stage, code: e.code, reason: e.reason, number: e.number };
        if (got.number !== undefined && category(got.number) !== e.category) {
          failures.push(`${r.id} (${path}): category ${category(got.number)}, expected ${e.category}`);
        }
      }
      try {
        assert.deepEqual(got, want);
      } catch {
        failures.push(`${r.id} (${path}): got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
      }
    }
  }
  assert.deepEqual(failures, [], `${failures.length} battery failures`);
  const total = ran.text + ran.bytes + ran.lossy;
  console.log(`battery (edge): ${total} of ${CASES.length} cases run on 3 paths (${ran.bytes} raw-byte tokens as their ` +
    `exact UTF-8 string, ${ran.lossy} invalid-UTF-8 as their decoded string)`);
  assert.equal(total, CASES.length);
  assert.ok(CASES.length >= 250);
  // The single-JWK cases (the core's add_jwk) are among them.
  assert.ok(CASES.filter((c) => (spec(c.verifier).keys || []).some((k) => BATTERY.keys[k].jwk_text !== undefined)).length >= 4);
  assert.ok(ran.bytes >= 3 && ran.lossy >= 1, JSON.stringify(ran));
});
