import { createRouteMatcher, sessionMiddleware } from 'sessionjwt/next';
import { authOptions } from './lib/auth-options';

// `/` and `/sign-in` are public; everything under /dashboard and /api/me is protected.
const isProtected = createRouteMatcher(['/dashboard(.*)', '/api/me(.*)']);

export default sessionMiddleware(async (auth, req) => {
  if (isProtected(req)) await auth.protect();
}, authOptions);

export const config = {
  // Skip Next internals and static files.
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
