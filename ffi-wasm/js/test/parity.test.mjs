// sessionjwt/edge and the Node addon package (ffi-node/index.js) take the same options the
// same way: the same TypeError / RangeError / TokenVerificationError for each row of
// option-table.mjs, and the same outcome for the same token. Both validate options with
// ffi-node/marshal.mjs, but each adds its own (hmacSecret decoding, the edge `crypto` option)
// and hands the result to a different build of the core: this keeps them from drifting apart.

import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { sandbox, PKG } from './sandbox.mjs';
import { NOW_MS, PUBLIC_PEM, mint, live } from './helpers.mjs';
import optionTable from './option-table.mjs';

const SECRET = Buffer.alloc(32, 7).toString('base64url');
const here = path.dirname(fileURLToPath(import.meta.url));

function describe(e) {
  if (e.name === 'TokenVerificationError') return `${e.name}:${e.reason}/${e.code}${e.action ? ` (${e.action})` : ''}`;
  return `${e.name}:${e.code ?? ''}`;
}

test('option validation and outcomes: sessionjwt/edge matches the Node package', async () => {
  const addon = path.join(PKG, 'sessionjwt.node');
  assert.ok(fs.existsSync(addon), `${addon} is missing: build it (make node-addon)`);
  const node = createRequire(import.meta.url)(path.join(PKG, 'index.js'));
  const token = mint(live({ sub: 'user_p', azp: 'https://a.example', aud: 'aud', iss: 'https://i.example' }));

  const expected = {};
  for (const [name, options] of Object.entries(optionTable(PUBLIC_PEM, SECRET))) {
    try {
      const v = node.createVerifier(options);
      try {
        expected[name] = `ok:${v.verifySync(token, { now: NOW_MS }).sub}`;
      } catch (e) {
        expected[name] = `verify ${describe(e)}`;
      }
    } catch (e) {
      expected[name] = describe(e);
    }
  }

  const { context, run } = await sandbox();
  const table = new vm.SourceTextModule(fs.readFileSync(path.join(here, 'option-table.mjs'), 'utf8'), {
    context,
    identifier: 'option-table.mjs',
  });
  const got = await run(
    `
import * as sj from 'sessionjwt/edge';
import optionTable from './option-table.mjs';
export default async function (input) {
  const { pem, secret, token, now } = JSON.parse(input);
  const describe = (e) => e.name === 'TokenVerificationError' ? e.name + ':' + e.reason + '/' + e.code + (e.action ? ' (' + e.action + ')' : '') : e.name + ':' + (e.code ?? '');
  const out = {};
  for (const [name, options] of Object.entries(optionTable(pem, secret))) {
    try {
      const v = sj.createVerifier(options);
      try {
        out[name] = 'ok:' + (await v.verify(token, { now })).sub;
      } catch (e) {
        out[name] = 'verify ' + describe(e);
      }
    } catch (e) {
      out[name] = describe(e);
    }
  }
  return JSON.stringify(out);
}`,
    { pem: PUBLIC_PEM, secret: SECRET, token, now: NOW_MS },
    { './option-table.mjs': table },
  );
  assert.deepEqual(got, expected);
  // Both sides equal is not enough: a few rows pinned to Clerk's outcome (headerType given as
  // [] or "" makes typ required: the token's typ JWT passes neither).
  assert.equal(expected.headerType, 'ok:user_p');
  const ensure = ' (Make sure that this is a valid Clerk-generated JWT.)';
  assert.equal(expected.headerTypeEmpty, `verify TokenVerificationError:token-invalid/INVALID_TYPE${ensure}`);
  assert.equal(expected.headerTypeEmptyString, `verify TokenVerificationError:token-invalid/INVALID_TYPE${ensure}`);
});

test('jwk: one JWK (object or JSON text) gives the same outcomes in sessionjwt/edge and the Node package', async () => {
  const node = createRequire(import.meta.url)(path.join(PKG, 'index.js'));
  const token = mint(live({ sub: 'user_j' }));
  const jwk = crypto.createPublicKey(PUBLIC_PEM).export({ format: 'jwk' });
  const p521 = crypto.generateKeyPairSync('ec', { namedCurve: 'P-521' }).publicKey.export({ format: 'jwk' });
  const inputs = { object: jwk, text: JSON.stringify(jwk), p521, evenExponent: { ...jwk, e: 'AQAA' } };
  const describe = (e) => `${e.name}:${e.reason ?? ''}:${e.code ?? ''}`;
  const expected = {};
  for (const [name, one] of Object.entries(inputs)) {
    try {
      expected[`${name} createVerifier`] = node.createVerifier({ jwk: one }).verifySync(token, { now: NOW_MS }).sub;
    } catch (e) {
      expected[`${name} createVerifier`] = describe(e);
    }
    try {
      expected[`${name} verifyToken`] = (await node.verifyToken(token, { jwk: one, now: NOW_MS })).sub;
    } catch (e) {
      expected[`${name} verifyToken`] = describe(e);
    }
  }
  // What the Node package (the core's add_jwk) gives: the key verifies; P-521 and an even
  // exponent are refused when the key loads.
  assert.deepEqual(expected, {
    'object createVerifier': 'user_j',
    'object verifyToken': 'user_j',
    'text createVerifier': 'user_j',
    'text verifyToken': 'user_j',
    'p521 createVerifier': 'TokenVerificationError:jwk-invalid:KEY_UNSUPPORTED',
    'p521 verifyToken': 'TokenVerificationError:jwk-invalid:KEY_UNSUPPORTED',
    'evenExponent createVerifier': 'TokenVerificationError:jwk-invalid:KEY_RSA_EXPONENT',
    'evenExponent verifyToken': 'TokenVerificationError:jwk-invalid:KEY_RSA_EXPONENT',
  });
  const { run } = await sandbox();
  const got = await run(
    `
import * as sj from 'sessionjwt/edge';
export default async function (input) {
  const { inputs, token, now } = JSON.parse(input);
  const describe = (e) => e.name + ':' + (e.reason ?? '') + ':' + (e.code ?? '');
  const out = {};
  for (const [name, jwk] of Object.entries(inputs)) {
    for (const [how, f] of [
      ['createVerifier', () => sj.createVerifier({ jwk }).verifySync(token, { now }).sub],
      ['verifyToken', async () => (await sj.verifyToken(token, { jwk, now })).sub],
    ]) {
      try {
        out[name + ' ' + how] = await f();
      } catch (e) {
        out[name + ' ' + how] = describe(e);
      }
    }
  }
  return JSON.stringify(out);
}`,
    { inputs, token, now: NOW_MS },
  );
  assert.deepEqual(got, expected);
});
