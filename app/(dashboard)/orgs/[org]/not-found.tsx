import Link from "../../../_components/link.tsx";

// The same answer for "no such org/grant" and "not yours to see", so URLs reveal nothing.
export default function OrgNotFound() {
  return (
    <div className="panel empty">
      <h1>Not found</h1>
      <p>There is no such organization or grant, or you are not an owner of it (nor on its security team).</p>
      <p><Link href="/orgs">Go to your organizations</Link></p>
    </div>
  );
}
