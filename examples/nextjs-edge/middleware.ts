// Next.js middleware on its default runtime, the Edge runtime (no `runtime` export): the
// session token is verified by sessionjwt/edge (the core as WebAssembly, the signature by
// WebCrypto). Protected routes need a signed-in session; every request gets the verified
// user id in a header that it cannot set itself. Any failure of ours fails closed (500).
import { NextResponse, type NextRequest } from 'next/server';
import { runtimeName, sessionVerifier } from './lib/verifier';

const PROTECTED = [/^\/dashboard(\/|$)/, /^\/api\/me(\/|$)/];

export default async function middleware(req: NextRequest) {
  let state;
  try {
    state = await sessionVerifier().authenticateRequest(req);
  } catch (error) {
    console.error('[sessionjwt] FATAL: authentication failed; failing closed.', error);
    return new NextResponse('Authentication is unavailable.', { status: 500 });
  }
  const path = req.nextUrl.pathname;
  // The auth object decides, not the state: a pending session is signed in as a state but
  // its auth object is signed out (treatPendingAsSignedOut, Clerk's default).
  const auth = state.toAuth();
  if (!auth.isAuthenticated && PROTECTED.some((p) => p.test(path))) {
    if (path.startsWith('/api/')) {
      return NextResponse.json({ error: 'unauthenticated', reason: state.reason }, { status: 401 });
    }
    const signIn = new URL('/sign-in', req.url);
    signIn.searchParams.set('redirect_url', req.url);
    return NextResponse.redirect(signIn);
  }
  const headers = new Headers(req.headers);
  headers.delete('x-sessionjwt-user');
  headers.set('x-sessionjwt-runtime', runtimeName());
  if (auth.userId) headers.set('x-sessionjwt-user', auth.userId);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Skip Next internals and static files.
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
