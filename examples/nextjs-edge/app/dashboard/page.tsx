import { headers } from 'next/headers';

export const dynamic = 'force-dynamic';

// The middleware let this request through only with a verified session, and set the header.
export default async function Dashboard() {
  const h = await headers();
  return (
    <main>
      <h1>Dashboard</h1>
      <p>
        Signed in as <span id="user-id">{h.get('x-sessionjwt-user')}</span> (middleware on{' '}
        <span id="runtime">{h.get('x-sessionjwt-runtime')}</span>)
      </p>
    </main>
  );
}
