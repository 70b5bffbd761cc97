import type { VerifierOptions } from 'sessionjwt';

/**
 * One options object for the proxy, pages and route handlers (a verifier is built once per
 * object). Configured from the environment at run time:
 * - CLERK_JWT_KEY: the instance's PEM public key ("JWT public key" in the Clerk dashboard);
 * - AUTHORIZED_PARTIES: comma-separated origins allowed in the token's `azp`.
 */
export const authOptions: VerifierOptions & { signInUrl: string } = {
  jwtKey: process.env.CLERK_JWT_KEY,
  authorizedParties: (process.env.AUTHORIZED_PARTIES ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean),
  signInUrl: '/sign-in',
};
