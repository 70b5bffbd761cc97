'use strict';
// The bad-input battery, conformance/battery.json (read from the repository at run time; the
// format is described in conformance/README.md), through the public API: createVerifier for
// the options, verifySync for every case and the async verify() for every case too. Every
// member of the expected outcome is asserted per case: the stage (a build-stage case is a
// createVerifier that throws TokenVerificationError), code, reason, number, the catalog
// category and, for a valid token, the subject.
//
// How the file maps onto the JavaScript API (the one place this runner interprets it):
// - keys: `pem_file` -> `jwtKey` (the PEM text), `hmac_secret_b64` -> `hmacSecret` (the raw
//   bytes, a Buffer), `jwks_text` -> `jwks` (the text), `jwk_text` -> `jwk` (the text; the
//   core's add_jwk, not a one-key `jwks`, whose rules differ). Every case runs. A verifier
//   naming two keys of one kind, or an option the API lacks (`max_json_depth`), is a failure
//   of this runner.
// - options: algorithms -> algorithms, authorized_parties -> authorizedParties, audiences ->
//   audience, issuers -> issuer, header_types -> headerType, clock_skew_ms -> clockSkewInMs,
//   max_token_bytes -> maxTokenBytes; `now_ms` -> the per-call `now`.
// - tokens: the addon takes strings only and verifies their UTF-8 encoding. `token` and
//   `token_repeat` are strings already. `token_b64` bytes that are valid UTF-8 (embedded NUL,
//   non-ASCII) decode to a string whose UTF-8 encoding is exactly those bytes, so the core
//   sees the identical input. Bytes that are NOT valid UTF-8 cannot be a JS string; they are
//   passed as the string they decode to (each bad sequence becomes U+FFFD, which is never a
//   base64url character), and the case must still give exactly the file's expected outcome.
//   Both kinds are counted and the counts asserted, so nothing is skipped silently.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const sj = require('..');

const REPO = path.resolve(__dirname, '..', '..');
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

function verifierSpec(spec) {
  return typeof spec === 'string' ? BATTERY.verifiers[spec] : spec;
}

/** The createVerifier options of a case's verifier (a preset name or an inline object). */
function verifierOptions(spec, id) {
  spec = verifierSpec(spec);
  assert.ok(spec && typeof spec === 'object', `${id}: verifier`);
  const options = {};
  const set = (name, value) => {
    assert.equal(options[name], undefined, `${id}: two keys for ${name}: not expressible in the JS API`);
    options[name] = value;
  };
  for (const name of spec.keys || []) {
    const key = BATTERY.keys[name];
    if (key.pem_file !== undefined) set('jwtKey', fs.readFileSync(path.join(REPO, key.pem_file), 'utf8'));
    else if (key.hmac_secret_b64 !== undefined) set('hmacSecret', Buffer.from(key.hmac_secret_b64, 'base64'));
    else if (key.jwks_text !== undefined) set('jwks', key.jwks_text);
    else if (key.jwk_text !== undefined) set('jwk', key.jwk_text);
    else assert.fail(`${id}: key ${name}`);
  }
  for (const [member, value] of Object.entries(spec)) {
    if (member === 'keys') continue;
    const name = OPTION_NAMES[member];
    assert.ok(name, `${id}: option ${member} has no JS equivalent`);
    options[name] = value;
  }
  return options;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const LOSSY = new TextDecoder('utf-8');

/** The token string of a case and how it was obtained (`text`, `bytes` or `lossy`). */
function token(c) {
  if (typeof c.token === 'string') return { token: c.token, kind: 'text' };
  if (typeof c.token_b64 === 'string') {
    const bytes = Buffer.from(c.token_b64, 'base64');
    try {
      const s = UTF8.decode(bytes);
      assert.ok(Buffer.from(s, 'utf8').equals(bytes), `${c.id}: UTF-8 round trip`);
      return { token: s, kind: 'bytes' };
    } catch (e) {
      if (e instanceof assert.AssertionError) throw e;
      return { token: LOSSY.decode(bytes), kind: 'lossy' };
    }
  }
  const r = c.token_repeat;
  assert.ok(r && typeof r.unit === 'string' && Number.isSafeInteger(r.count), `${c.id}: token`);
  return { token: (r.prefix || '') + r.unit.repeat(r.count) + (r.suffix || ''), kind: 'text' };
}

function nowMs(c) {
  return c.now_ms !== undefined ? c.now_ms : BATTERY.now_ms;
}

/** Compares an outcome with the case's expectation; returns a description of the mismatch. */
function mismatch(c, outcome) {
  const e = c.expect;
  if (e.result === 'ok') {
    if (outcome.stage !== 'ok') return `expected ok, got ${outcome.stage} ${outcome.error && outcome.error.code}`;
    if (e.sub !== undefined && !Buffer.from(String(outcome.payload.sub), 'utf8').equals(Buffer.from(e.sub, 'utf8'))) {
      return `sub ${JSON.stringify(outcome.payload.sub)}, expected ${JSON.stringify(e.sub)}`;
    }
    if (typeof outcome.payload.sub !== 'string') return 'sub is not a string';
    return null;
  }
  if (outcome.stage === 'ok') return `expected ${e.stage} ${e.code}, got ok`;
  const err = outcome.error;
  if (!(err instanceof sj.TokenVerificationError)) return `${outcome.stage}: not a TokenVerificationError: ${err}`;
  const got = { stage: outcome.stage, code: err.code, reason: err.reason, number: err.number, category: category(err.number) };
  const want = { stage: e.stage, code: e.code, reason: e.reason, number: e.number, category: e.category };
  try {
    assert.deepEqual(got, want);
  } catch {
    return `got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`;
  }
  return null;
}

function build(c) {
  try {
    return { verifier: sj.createVerifier(verifierOptions(c.verifier, c.id)) };
  } catch (error) {
    if (error instanceof assert.AssertionError) throw error;
    return { outcome: { stage: 'build', error } };
  }
}

test('battery: every case through createVerifier + verifySync', () => {
  const failures = [];
  const ran = { text: 0, bytes: 0, lossy: 0, build: 0 };
  const ids = new Set();
  let jwkCases = 0;
  for (const c of CASES) {
    assert.ok(!ids.has(c.id), `duplicate case id ${c.id}`);
    ids.add(c.id);
    if ((verifierSpec(c.verifier).keys || []).some((name) => BATTERY.keys[name].jwk_text !== undefined)) jwkCases++;
    const { verifier, outcome: built } = build(c);
    const t = token(c);
    let outcome = built;
    if (built) ran.build++;
    else {
      ran[t.kind]++;
      try {
        outcome = { stage: 'ok', payload: verifier.verifySync(t.token, { now: nowMs(c) }) };
      } catch (error) {
        outcome = { stage: 'verify', error };
      }
    }
    const why = mismatch(c, outcome);
    if (why) failures.push(`${c.id}: ${why}`);
  }
  assert.deepEqual(failures, [], `${failures.length} battery failures`);
  const total = ran.text + ran.bytes + ran.lossy + ran.build;
  console.log(`battery (verifySync): ${total} of ${CASES.length} cases run: ${ran.build} build-stage, ${ran.text} text tokens, ` +
    `${ran.bytes} raw-byte tokens as their exact UTF-8 string, ${ran.lossy} invalid-UTF-8 tokens as their decoded string; ` +
    `${jwkCases} with a single JWK (jwk)`);
  assert.equal(total, CASES.length);
  assert.ok(jwkCases >= 4, `${jwkCases} single-JWK cases`);
  assert.ok(CASES.length >= 150);
  assert.equal(ran.build, CASES.filter((c) => c.expect.stage === 'build').length);
  assert.ok(ran.bytes >= 3 && ran.lossy >= 1, JSON.stringify(ran));
});

test('battery: every case through the async verify()', async () => {
  const failures = [];
  let ran = 0;
  for (const c of CASES) {
    const { verifier, outcome: built } = build(c);
    let outcome = built;
    if (!built) {
      try {
        outcome = { stage: 'ok', payload: await verifier.verify(token(c).token, { now: nowMs(c) }) };
      } catch (error) {
        outcome = { stage: 'verify', error };
      }
    }
    ran++;
    const why = mismatch(c, outcome);
    if (why) failures.push(`${c.id}: ${why}`);
  }
  assert.deepEqual(failures, [], `${failures.length} battery failures`);
  assert.equal(ran, CASES.length);
});
