// Compiled by `tsc -p ffi-node` (make test-node), never run: the package's declarations used
// the way an application uses them. A declaration that breaks one of these uses, or lets a
// wrong one through (the @ts-expect-error lines), fails the type check.

import { createVerifier, verifyToken, authenticateRequest, TokenVerificationError } from '../index';
import type { Auth, CacheStats, JwtPayload, RequestState, VerifierOptions } from '../index';
import * as edge from '../edge';
import { sessionMiddleware, createRouteMatcher, getAuth, optionsFromEnv } from '../next';

const options: VerifierOptions = {
  jwtKey: '-----BEGIN PUBLIC KEY-----...',
  authorizedParties: ['https://app.example'],
  algorithms: ['RS256'],
  cache: { max: 64 },
};
const v = createVerifier(options);
const payload: JwtPayload = v.verifySync('a.b.c', { now: new Date() });
const sub: string = payload.sub;
const stats: CacheStats = v.cacheStats();
const hits: number = stats.hits + stats.misses + stats.inserts + stats.capacity;
const auth: Auth = v.authenticate('a.b.c', { treatPendingAsSignedOut: false });
const allowed: boolean = auth.has({ permission: 'org:billing:manage', reverification: 'strict' });
const custom: boolean = auth.has({ reverification: { level: 'second_factor', afterMinutes: 10 } });
const state: RequestState = v.authenticateRequest(new Request('https://app.example/'));
const userId: string | null = state.toAuth().userId;

async function oneShot(): Promise<string> {
  const p = await verifyToken('a.b.c', { jwk: { kty: 'RSA' }, cache: false, now: 0 });
  const r = await authenticateRequest(new Headers(), { jwtKey: 'pem' });
  try {
    return p.sub + String(r.isSignedIn);
  } catch (e) {
    if (e instanceof TokenVerificationError) return e.reason + e.code + e.getFullMessage();
    throw e;
  }
}

// The edge build: the same options plus `crypto`; asynchronous request authentication.
async function onTheEdge(): Promise<string | null> {
  await edge.init();
  const ev = edge.createVerifier({ jwks: { keys: [] }, crypto: 'webcrypto', cache: false });
  const s: edge.RequestState = await ev.authenticateRequest(new Request('https://app.example/'));
  const p: edge.JwtPayload = await edge.verifyToken('a.b.c', { jwk: '{}', now: new Date() });
  ev.free();
  return s.toAuth().orgRole ?? p.azp ?? null;
}

// sessionjwt/next.
const matcher = createRouteMatcher(['/dashboard(.*)', /^\/api\//]);
const middleware = sessionMiddleware(async (auth, req) => {
  if (matcher(req)) auth.protect();
  return undefined;
}, { ...optionsFromEnv(), signInUrl: '/sign-in' });
const fromNext: Auth = getAuth(new Headers());

// Clerk-style uses: has() taken off the object, the debug headers, Clerk's option objects
// (network options accepted and ignored), the error built from its fields.
const { has } = fromNext;
const detached: boolean = has({ role: 'org:admin' });
const debugStatus: string | null = state.headers.get('x-clerk-auth-status');
const clerkStyle = createVerifier({ jwtKey: 'pem', secretKey: 'sk_test_x', apiUrl: 'https://api.clerk.com', skipJwksCache: true });
const built = new TokenVerificationError({ reason: 'token-expired', message: 'JWT is expired.' });

// Wrong uses the declarations must refuse.
// @ts-expect-error `cache: true` is not an option (false or { max })
createVerifier({ cache: true });
// @ts-expect-error authorizedParties is a list, not a string
createVerifier({ authorizedParties: 'https://app.example' });
// @ts-expect-error `none` is never an algorithm
createVerifier({ algorithms: ['none'] });
// @ts-expect-error `crypto` is an edge-only option
createVerifier({ crypto: 'wasm' });
// @ts-expect-error the Auth object is made by the package, not constructed
new (auth.constructor as typeof Auth)();

export { sub, hits, allowed, custom, userId, oneShot, onTheEdge, middleware, fromNext, detached, debugStatus, clerkStyle, built };
