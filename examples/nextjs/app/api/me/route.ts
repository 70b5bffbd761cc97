import { getAuth } from 'sessionjwt/next';
import { authOptions } from '../../../lib/auth-options';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  const auth = getAuth(request, authOptions);
  if (!auth.userId) {
    // The proxy already refused signed-out requests; this is defence in depth.
    return Response.json({ error: 'unauthenticated' }, { status: 401 });
  }
  return Response.json(auth);
}
