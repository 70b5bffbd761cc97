// sessionjwt/edge and the Node addon package (ffi-node/index.js) take the same options the
// same way: the same TypeError / RangeError / TokenVerificationError for each row of
// option-table.mjs, and the same outcome for the same token. The JavaScript that validates
// options exists in both entry points; this keeps them from drifting apart.

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
  if (e.name === 'TokenVerificationError') return `${e.name}:${e.reason}/${e.code}`;
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
  const describe = (e) => e.name === 'TokenVerificationError' ? e.name + ':' + e.reason + '/' + e.code : e.name + ':' + (e.code ?? '');
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
});

test('jwk: validated as in the Node package, then refused by sessionjwt/edge (no single-JWK entry)', async () => {
  const node = createRequire(import.meta.url)(path.join(PKG, 'index.js'));
  const token = mint(live({ sub: 'user_j' }));
  const jwk = crypto.createPublicKey(PUBLIC_PEM).export({ format: 'jwk' });
  const inputs = { object: jwk, text: JSON.stringify(jwk) };
  // The Node package maps jwk to the core's add_jwk.
  for (const one of Object.values(inputs)) {
    assert.equal(node.createVerifier({ jwk: one }).verifySync(token, { now: NOW_MS }).sub, 'user_j');
  }
  const { run } = await sandbox();
  const got = await run(
    `
import * as sj from 'sessionjwt/edge';
export default async function (input) {
  const { inputs, token, now } = JSON.parse(input);
  const describe = (e) => e.name + ':' + (e.code ?? '') + ':' + /"jwk" option is not available/.test(e.message);
  const out = {};
  for (const [name, jwk] of Object.entries(inputs)) {
    for (const [how, f] of [
      ['createVerifier', () => sj.createVerifier({ jwk })],
      ['verifyToken', () => sj.verifyToken(token, { jwk, now })],
      ['authenticateRequest', () => sj.authenticateRequest(new Headers(), { jwk, now })],
    ]) {
      try {
        await f();
        out[name + ' ' + how] = 'ok';
      } catch (e) {
        out[name + ' ' + how] = describe(e);
      }
    }
  }
  // Another option's TypeError comes first (every option is validated before jwk is refused).
  try {
    sj.createVerifier({ jwk: inputs.text, audience: 5 });
  } catch (e) {
    out.otherOptionFirst = e.name + ':' + e.code + ':' + /"audience"/.test(e.message);
  }
  return JSON.stringify(out);
}`,
    { inputs, token, now: NOW_MS },
  );
  const refused = 'Error:ERR_FEATURE_UNAVAILABLE_ON_PLATFORM:true';
  assert.deepEqual(got, {
    'object createVerifier': refused,
    'object verifyToken': refused,
    'object authenticateRequest': refused,
    'text createVerifier': refused,
    'text verifyToken': refused,
    'text authenticateRequest': refused,
    otherOptionFirst: 'TypeError:ERR_INVALID_ARG_TYPE:true',
  });
  assert.throws(() => node.createVerifier({ jwk: inputs.text, audience: 5 }), (e) => e instanceof TypeError && /"audience"/.test(e.message));
});
