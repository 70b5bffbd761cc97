// Minting for the sandbox tests (Node's crypto, outside the sandbox): RS256 with the
// conformance key, and tokens for other key types.

import crypto from 'node:crypto';
import { clerkText } from './sandbox.mjs';

export const NOW_MS = 1666648250000;
export const PRIVATE_PEM = clerkText('keys/signing-private-pkcs8.pem');
export const PUBLIC_PEM = clerkText('keys/signing-public-spki.pem');

export const b64url = (x) => Buffer.from(typeof x === 'string' ? x : JSON.stringify(x)).toString('base64url');

const HASH = { 256: 'sha256', 384: 'sha384', 512: 'sha512' };

/** Signs `payload` with `key` (a Node KeyObject or PEM) for `header.alg`. */
export function mint(payload, header = { alg: 'RS256', typ: 'JWT', kid: 'ins_test' }, key = PRIVATE_PEM) {
  const input = `${b64url(header)}.${b64url(payload)}`;
  const alg = header.alg;
  const data = Buffer.from(input);
  let sig;
  if (alg.startsWith('HS')) sig = crypto.createHmac(HASH[alg.slice(2)], key).update(data).digest();
  else if (alg === 'EdDSA') sig = crypto.sign(null, data, key);
  else if (alg.startsWith('ES')) sig = crypto.sign(HASH[alg.slice(2)], data, { key, dsaEncoding: 'ieee-p1363' });
  else if (alg.startsWith('PS')) {
    sig = crypto.sign(HASH[alg.slice(2)], data, {
      key,
      padding: crypto.constants.RSA_PKCS1_PSS_PADDING,
      saltLength: Number(alg.slice(2)) / 8,
    });
  } else sig = crypto.sign(HASH[alg.slice(2)], data, key);
  return `${input}.${sig.toString('base64url')}`;
}

/** Claims valid at NOW_MS. */
export function live(claims) {
  return { ...claims, iat: NOW_MS / 1000, nbf: NOW_MS / 1000 - 10, exp: NOW_MS / 1000 + 60 };
}
