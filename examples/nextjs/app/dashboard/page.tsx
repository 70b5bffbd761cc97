import { headers } from 'next/headers';
import { getAuth } from 'sessionjwt/next';
import { authOptions } from '../../lib/auth-options';

// Rendered per request, on the server: the request is authenticated again natively.
export const dynamic = 'force-dynamic';

export default async function Dashboard() {
  const auth = getAuth(await headers(), authOptions);
  return (
    <main>
      <h1>Dashboard</h1>
      <p>
        Signed in as <span id="user-id">{auth.userId}</span>
      </p>
    </main>
  );
}
