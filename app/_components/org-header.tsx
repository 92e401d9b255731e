import Link from "./link.tsx";
import type { OrgAccess } from "../_lib/access.ts";
import type { OrgStatus } from "../_lib/org-status.ts";

const TABS = [
  { key: "overview", label: "Overview", path: "" },
  { key: "grants", label: "Grants", path: "/grants" },
  { key: "credentials", label: "Credentials", path: "/credentials" },
  { key: "requests", label: "Requests", path: "/requests" },
  { key: "revocations", label: "Revocations", path: "/revocations" },
  { key: "policies", label: "Policies", path: "/policies" },
  { key: "reports", label: "Reports", path: "/reports" },
  { key: "audit", label: "Audit log", path: "/audit" },
] as const;

/** Org title, status, the viewer's access, and the org's sections. */
export function OrgHeader({ login, status, access, current }: {
  login: string; status: OrgStatus; access: OrgAccess; current: (typeof TABS)[number]["key"];
}) {
  const base = `/orgs/${encodeURIComponent(login)}`;
  return (
    <>
      <div className="page-head" style={{ marginBottom: 8 }}>
        <div>
          <p className="small"><Link href="/orgs">Organizations</Link> /</p>
          <h1>{login} <span className={`badge ${status}`} style={{ verticalAlign: "middle" }}>{status}</span></h1>
        </div>
        <span className="small muted">
          {access.via === "owner" ? "You are an owner of this org." : `Security team access${access.canRevoke ? " (may revoke)" : " (read-only)"}.`}
        </span>
      </div>
      <nav className="subnav" aria-label={`${login} sections`}>
        {TABS.map((t) => (
          <Link key={t.key} href={`${base}${t.path}`} aria-current={t.key === current ? "page" : undefined}>{t.label}</Link>
        ))}
      </nav>
    </>
  );
}
