export default function Home() {
  return (
    <main>
      <h1>sessionjwt/edge + Next.js middleware</h1>
      <p>Public page. <a href="/dashboard">Dashboard</a> (protected) · <a href="/api/me">/api/me</a></p>
    </main>
  );
}
