import Link from "./_components/link.tsx";

export default function NotFound() {
  return (
    <main>
      <div className="panel empty">
        <h1>Not found</h1>
        <p>This page does not exist, or you do not have access to it.</p>
        <p><Link href="/orgs">Go to your organizations</Link></p>
      </div>
    </main>
  );
}
