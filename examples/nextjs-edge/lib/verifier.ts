import { createVerifier, type Verifier } from 'sessionjwt/edge';

let verifier: Verifier | null = null;

/**
 * One verifier per process (keys parsed once, imported into WebCrypto once), configured from
 * the environment at run time:
 * - CLERK_JWT_KEY: the instance's PEM public key ("JWT public key" in the Clerk dashboard);
 * - AUTHORIZED_PARTIES: comma-separated origins allowed in the token's `azp`.
 * A missing key throws: the middleware then fails closed.
 */
export function sessionVerifier(): Verifier {
  if (!verifier) {
    const jwtKey = process.env.CLERK_JWT_KEY;
    if (!jwtKey) throw new Error('CLERK_JWT_KEY is not set');
    verifier = createVerifier({
      jwtKey,
      authorizedParties: (process.env.AUTHORIZED_PARTIES ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    });
  }
  return verifier;
}

/** The runtime this code runs on: `edge-runtime` on the Edge runtime. */
export function runtimeName(): string {
  return typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime === 'string'
    ? String((globalThis as { EdgeRuntime?: unknown }).EdgeRuntime)
    : 'nodejs';
}
