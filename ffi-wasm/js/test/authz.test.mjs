// The Auth object and has() through sessionjwt/edge in the sandbox: Clerk's payload-parser
// rows, has-cases.json and reverification-cases.json. Rows with claims are minted into real
// tokens and verified (WebCrypto); rows that give the auth properties directly use the
// core's (unverified) dangerous entry point, as the Node package's tests do.

import test from 'node:test';
import assert from 'node:assert/strict';
import { sandbox, clerkJson } from './sandbox.mjs';
import { NOW_MS, PUBLIC_PEM, mint, live } from './helpers.mjs';

const RUNNER = `
import * as sj from 'sessionjwt/edge';
export default async function (input) {
  const { pem, now, rows } = JSON.parse(input);
  const v = sj.createVerifier({ jwtKey: pem });
  const out = [];
  for (const r of rows) {
    if (r.properties) {
      out.push({ has: sj._internal.dangerousHasFromProperties(r.properties, r.params) });
      continue;
    }
    const opts = { now, ...(r.pending === undefined ? {} : { treatPendingAsSignedOut: r.pending }) };
    const auth = await v.authenticate(r.token, opts);
    const sync = v.authenticateSync(r.token, opts);
    const props = {};
    for (const k of Object.keys(auth)) props[k] = auth[k];
    // has() taken off the object, as Clerk code does (\`const { has } = auth()\`).
    const { has } = auth;
    out.push({
      props,
      has: r.params === undefined ? undefined : has(r.params),
      same: JSON.stringify(auth) === JSON.stringify(sync) && auth.has(r.params) === sync.has(r.params),
      keys: Object.keys(JSON.parse(JSON.stringify(auth))),
    });
  }
  return JSON.stringify(out);
}`;

async function runRows(rows) {
  const { run } = await sandbox();
  return run(RUNNER, { pem: PUBLIC_PEM, now: NOW_MS, rows });
}

test('jwt-payload-parser-cases.json: auth properties from claims', async () => {
  const { cases } = clerkJson('jwt-payload-parser-cases.json');
  // The parser itself has no pending rule: keep pending sessions as they are.
  const out = await runRows(cases.map((c) => ({ token: mint(live(c.claims)), pending: false })));
  cases.forEach((c, i) => {
    const { props, same } = out[i];
    assert.ok(same, `${c.label}: WebCrypto and wasm differ`);
    for (const [prop, want] of Object.entries(c.expect)) {
      if (want === '__undefined__') assert.ok(!(prop in props), `${c.label}: ${prop} should be undefined`);
      else assert.deepEqual(props[prop], want, `${c.label}: ${prop}`);
    }
    assert.equal(props.sessionClaims.sub, c.claims.sub);
    assert.equal(props.sessionClaims.iat, NOW_MS / 1000);
  });
});

test('has-cases.json: every row', async () => {
  const { cases } = clerkJson('has-cases.json');
  const out = await runRows(
    cases.map((c) => (c.options ? { properties: c.options, params: c.params } : { token: mint(live(c.claims)), params: c.params })),
  );
  const failures = [];
  cases.forEach((c, row) => {
    if (out[row].has !== c.expected) failures.push(`row ${row} (${c.group}): has(${JSON.stringify(c.params)}) = ${out[row].has}`);
  });
  assert.deepEqual([cases.filter((c) => c.options).length, cases.filter((c) => !c.options).length], [69, 68]);
  assert.deepEqual(failures, []);
});

test('reverification-cases.json: every row, from properties and from claims', async () => {
  const data = clerkJson('reverification-cases.json');
  const rows = [...data.fromSessionTest.cases, ...data.generatedGrid.cases];
  assert.equal(rows.length, 119);
  const input = [];
  for (const r of rows) {
    const params = { reverification: r.reverification };
    const props = { userId: 'user_123', orgId: null };
    const claims = { sub: 'user_123', sid: 'sess_1' };
    if (r.fva !== null) {
      props.factorVerificationAge = r.fva;
      claims.fva = r.fva;
    }
    input.push({ properties: props, params }, { token: mint(live(claims)), params });
  }
  const out = await runRows(input);
  rows.forEach((r, i) => {
    const what = `fva ${JSON.stringify(r.fva)} ${JSON.stringify(r.reverification)}`;
    assert.equal(out[2 * i].has, r.expected, `${what} (properties)`);
    assert.equal(out[2 * i + 1].has, r.expected, `${what} (claims)`);
  });
});

test('pending sessions, signed-out objects and has() marshalling', async () => {
  const pending = mint(live({ sub: 'user_p', sid: 'sess_p', sts: 'pending', org_id: 'org_1', org_role: 'org:admin' }));
  const odd = [null, 5, 'admin', {}, { role: { toString: () => 'admin' } }, { reverification: null }, { reverification: [] }];
  const out = await runRows([
    { token: pending, params: { role: 'admin' } },
    { token: pending, pending: false, params: { role: 'admin' } },
    ...odd.map((params) => ({ token: pending, pending: false, params })),
  ]);
  assert.equal(out[0].props.userId, null);
  assert.equal(out[0].props.sessionStatus, 'pending');
  assert.equal(out[0].props.isAuthenticated, false);
  assert.equal(out[0].props.sessionClaims, null);
  assert.equal(out[0].has, false);
  assert.equal(out[1].props.userId, 'user_p');
  assert.equal(out[1].has, true);
  // Odd params never throw; they fail closed.
  odd.forEach((p, i) => assert.equal(out[2 + i].has, false, JSON.stringify(p)));
  // toJSON is the core's rendering, without sessionClaims.
  assert.deepEqual(out[1].keys, ['userId', 'sessionId', 'sessionStatus', 'factorVerificationAge', 'orgId', 'orgRole']);
});
