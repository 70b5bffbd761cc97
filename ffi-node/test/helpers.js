'use strict';
// Test helpers: fixtures read at run time from ../shared (beside the repo root) and the
// project's divergence ledger; RS256 minting with the conformance test key.

const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

const REPO = path.resolve(__dirname, '..', '..');
const SHARED = process.env.SESSIONJWT_SHARED || path.resolve(REPO, '..', 'shared');
const CLERK = path.join(SHARED, 'conformance', 'clerk');

function clerkJson(name) {
  return JSON.parse(fs.readFileSync(path.join(CLERK, name), 'utf8'));
}

function clerkText(rel) {
  return fs.readFileSync(path.join(CLERK, rel), 'utf8');
}

const TOKENS = clerkJson('tokens.json');

/** A token from a case: `{ref: "tokens.json#name"}` or `{literal}`. */
function caseToken(t) {
  if (t && typeof t.ref === 'string') return TOKENS[t.ref.replace(/^tokens\.json#/, '')].token;
  return t.literal;
}

/** Key options for a case's key spec (a PEM or body file, a JWK, a JWKS member). */
function keyOptions(spec) {
  if (!spec) return {};
  const [file, pointer] = spec.split('#');
  const text = clerkText(file);
  if (file.endsWith('.json')) {
    let jwk = JSON.parse(text);
    if (pointer === 'keys[0]') jwk = jwk.keys[0];
    return { jwks: { keys: [jwk] } };
  }
  return { jwtKey: text };
}

/** The divergence ledger for one conformance file: id -> {clerk, ours, code}. */
function divergences(file) {
  const all = JSON.parse(fs.readFileSync(path.join(REPO, 'conformance', 'divergences.json'), 'utf8'));
  const out = new Map();
  for (const d of all.divergences) {
    if (d.file !== file) continue;
    if (typeof d.why !== 'string' || d.why.length <= 20) throw new Error(`divergence without a reason: ${d.id}`);
    if (out.has(d.id)) throw new Error(`divergence listed twice: ${d.id}`);
    out.set(d.id, d);
  }
  return out;
}

/** Same rules as the core's runner: unlisted divergence, stale entry, changed outcome. */
function judge(listed, id, clerk, ours, code) {
  const d = listed.get(id);
  if (!d) return clerk === ours ? null : `${id}: clerk=${clerk} ours=${ours} [${code}] (unlisted divergence)`;
  if (d.clerk !== clerk) return `${id}: ledger says clerk=${d.clerk} but the data says ${clerk}`;
  if (clerk === ours) return `${id}: listed as a divergence but now matches (${ours})`;
  if (d.ours !== ours) return `${id}: ledger says ours=${d.ours} but we now give ${ours}`;
  if (d.code && code && d.code !== code) return `${id}: ledger says code=${d.code} but we now give ${code}`;
  return null;
}

const PRIVATE_PEM = clerkText('keys/signing-private-pkcs8.pem');
const PUBLIC_PEM = clerkText('keys/signing-public-spki.pem');

const b64url = (x) => Buffer.from(typeof x === 'string' ? x : JSON.stringify(x)).toString('base64url');

/** Signs `payload` (object or raw JSON text) with the conformance RSA key. */
function mint(payload, header = { alg: 'RS256', typ: 'JWT', kid: 'ins_test' }, key = PRIVATE_PEM) {
  const input = `${b64url(header)}.${b64url(payload)}`;
  const hash = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' }[header.alg] || 'sha256';
  const sig = crypto.sign(hash, Buffer.from(input), key).toString('base64url');
  return `${input}.${sig}`;
}

const NOW_MS = 1666648250000;

module.exports = {
  REPO, SHARED, CLERK, clerkJson, clerkText, TOKENS, caseToken, keyOptions, divergences, judge,
  mint, b64url, PRIVATE_PEM, PUBLIC_PEM, NOW_MS,
};
