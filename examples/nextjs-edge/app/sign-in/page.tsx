export default async function SignIn({ searchParams }: { searchParams: Promise<{ redirect_url?: string }> }) {
  const { redirect_url } = await searchParams;
  return (
    <main>
      <h1>Sign in</h1>
      <p>Public page. Sign in with Clerk, then return to {redirect_url ?? '/'}.</p>
    </main>
  );
}
