import type { Metadata } from "next";
import Link from "../../../../../_components/link.tsx";
import { notFound } from "next/navigation";
import { Notice } from "../../../../../_components/notice.tsx";
import { GrantRisk, GrantTimeline } from "../../../../../_components/grant-risk-timeline.tsx";
import { RevokeGrantButton } from "../../../../../_components/revoke-grant-button.tsx";
import { OrgHeader } from "../../../../../_components/org-header.tsx";
import { attempt } from "../../../../../_data/attempt.ts";
import { getGrantDetail } from "../../../../../_data/grants.ts";
import { requireOrgAccess } from "../../../../../_data/org-access.ts";
import { requireViewer } from "../../../../../_data/viewer.ts";
import { formatDateTime } from "../../../../../_lib/format.ts";
import { orgStatus } from "../../../../../_lib/org-status.ts";

type Props = { params: Promise<{ org: string; grantId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Grant ${(await params).grantId}` };
}

const REMOVAL_TEXT: Record<string, string> = {
  revoked_by_patwarden: "revoked through patwarden",
  revoked_elsewhere: "revoked outside patwarden (or the token was deleted)",
  expired: "the token expired",
};

const when = (d: Date | null, none = "—") => (d ? <time dateTime={d.toISOString()}>{formatDateTime(d)}</time> : <span className="muted">{none}</span>);

export default async function GrantPage({ params }: Props) {
  const p = await params;
  const org = decodeURIComponent(p.org);
  if (!/^\d{1,18}$/.test(p.grantId)) notFound();
  const viewer = await requireViewer({ returnTo: `/orgs/${encodeURIComponent(org)}/grants/${p.grantId}` });
  const checked = await attempt(() => requireOrgAccess({ viewer, org }));
  if (!checked.ok) return <Notice kind="error">{checked.message}</Notice>;
  const gate = checked.value;
  const header = <OrgHeader login={gate.org.login} status={orgStatus(gate.org)} access={gate.access} current="grants" />;
  const result = await attempt(() => getGrantDetail({ viewer, org, grantId: Number(p.grantId) }));
  if (!result.ok) return <>{header}<Notice kind="error">{result.message}</Notice></>;
  const g = result.value;
  if (!g) notFound();
  return (
    <>
      {header}
      <p className="small"><Link href={`/orgs/${encodeURIComponent(g.login)}/grants`}>← All grants</Link></p>
      <div className="page-head" style={{ marginBottom: 8 }}>
        <h2 style={{ fontSize: 20, margin: 0 }}>{g.tokenName}</h2>
        {g.access.canRevoke && !g.removedAt && <RevokeGrantButton org={g.login} grantId={g.id} tokenName={g.tokenName} owner={g.ownerLogin} />}
      </div>
      {g.removedAt && <Notice kind="error">This grant is no longer active: {REMOVAL_TEXT[g.removalReason ?? ""] ?? "removed"} ({formatDateTime(g.removedAt)}).</Notice>}
      <div className="grid pair">
        <section className="panel" aria-label="Facts">
          <h3>Grant</h3>
          <dl className="facts">
            <dt>Grant id (pat_id)</dt><dd><code>{g.id}</code></dd>
            <dt>Token id</dt><dd><code>{g.tokenId}</code></dd>
            <dt>Owner</dt><dd>{g.ownerLogin}{g.ownerLeft && <span className="badge bad" style={{ marginLeft: 6 }}>left org</span>}</dd>
            <dt>Access granted</dt><dd>{when(g.grantedAt)}</dd>
            <dt>Last used</dt><dd>{when(g.lastUsedAt, "never")}</dd>
            <dt>Expires</dt><dd>{g.expired ? <span className="badge bad">expired</span> : when(g.expiresAt, "no expiry")}</dd>
            <dt>First seen by patwarden</dt><dd>{when(g.firstSeenAt)}</dd>
            <dt>Last seen by a sync</dt><dd>{when(g.lastSeenAt)}</dd>
          </dl>
        </section>
        <section className="panel" aria-label="Permissions">
          <h3>Permissions</h3>
          {g.permissionGroups.length === 0 && <p className="muted">No permissions beyond public read access.</p>}
          {g.permissionGroups.map((group) => (
            <div key={group.scope} style={{ marginBottom: 8 }}>
              <h4 className="small muted" style={{ margin: "4px 0" }}>{group.label}</h4>
              {group.entries.map((e) => <span key={e.name} className={`perm ${e.level}`}>{e.name}:{e.level}</span>)}
            </div>
          ))}
        </section>
        <GrantRisk g={g} />
        <GrantTimeline g={g} />
        <section className="panel" aria-label="Repositories">
          <h3>Repositories</h3>
          {g.selection === "all" && <p>All repositories of {g.login}, current and future.</p>}
          {g.selection === "none" && <p>Public repositories only (read).</p>}
          {g.selection === "subset" && g.repositories.length === 0 && <p className="muted">The selected repositories have not been synced yet.</p>}
          {g.selection === "subset" && g.repositories.length > 0 && (
            <ul>{g.repositories.map((r) => <li key={r.id}>{r.fullName}{r.private && <span className="muted small"> (private)</span>}</li>)}</ul>
          )}
        </section>
        <section className="panel" aria-label="History">
          <h3>History and audit</h3>
          {g.audit.length === 0 ? <p className="muted">No actions recorded for this grant.</p> : (
            <table className="data">
              <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Result</th></tr></thead>
              <tbody>
                {g.audit.map((a) => (
                  <tr key={a.id}><td>{formatDateTime(a.at)}</td><td>{a.actor}</td><td>{a.action}{a.reason && <div className="small muted">{a.reason}</div>}</td><td>{a.result}</td></tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </>
  );
}
