import { runtimeName, sessionVerifier } from '../../../lib/verifier';

// A route handler on the Edge runtime too: it authenticates the request itself (defence in
// depth behind the middleware) and answers with Clerk's auth object.
export const runtime = 'edge';
export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  const state = await sessionVerifier().authenticateRequest(request);
  const auth = state.toAuth();
  if (!auth.userId) {
    return Response.json({ error: 'unauthenticated', reason: state.reason }, { status: 401 });
  }
  return Response.json({
    ...auth.toJSON(),
    orgAdmin: auth.has({ role: 'org:admin' }),
    middlewareRuntime: request.headers.get('x-sessionjwt-runtime'),
    routeRuntime: runtimeName(),
  });
}
