import type { Metadata } from "next";
import { notFound } from "next/navigation";
import Link from "../../../../../_components/link.tsx";
import { CredentialRisk, ScopeChips } from "../../../../../_components/credentials-table.tsx";
import { Notice } from "../../../../../_components/notice.tsx";
import { OrgHeader } from "../../../../../_components/org-header.tsx";
import { attempt } from "../../../../../_data/attempt.ts";
import { getCredentialDetail } from "../../../../../_data/credentials.ts";
import { requireOrgAccess } from "../../../../../_data/org-access.ts";
import { requireViewer } from "../../../../../_data/viewer.ts";
import { formatDateTime } from "../../../../../_lib/format.ts";
import { orgStatus } from "../../../../../_lib/org-status.ts";

type Props = { params: Promise<{ org: string; credentialId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Credential ${(await params).credentialId}` };
}

const REMOVAL_TEXT: Record<string, string> = {
  revoked_by_patwarden: "its authorization was removed through patwarden",
  revoked_elsewhere: "its authorization was removed outside patwarden (or the token or key was deleted)",
  expired: "the token expired",
};

const when = (d: Date | null, none = "—") => (d ? <time dateTime={d.toISOString()}>{formatDateTime(d)}</time> : <span className="muted">{none}</span>);

export default async function CredentialPage({ params }: Props) {
  const p = await params;
  const org = decodeURIComponent(p.org);
  if (!/^\d{1,15}$/.test(p.credentialId)) notFound();
  const viewer = await requireViewer({ returnTo: `/orgs/${encodeURIComponent(org)}/credentials/${p.credentialId}` });
  const checked = await attempt(() => requireOrgAccess({ viewer, org }));
  if (!checked.ok) return <Notice kind="error">{checked.message}</Notice>;
  const header = <OrgHeader login={checked.value.org.login} status={orgStatus(checked.value.org)} access={checked.value.access} current="credentials" />;
  const result = await attempt(() => getCredentialDetail({ viewer, org, credentialId: Number(p.credentialId) }));
  if (!result.ok) return <>{header}<Notice kind="error">{result.message}</Notice></>;
  const c = result.value;
  if (!c) notFound();
  return (
    <>
      {header}
      <p className="small"><Link href={`/orgs/${encodeURIComponent(c.org)}/credentials`}>← All credentials</Link></p>
      <h2 style={{ fontSize: 20, margin: "0 0 8px" }}>{c.kindLabel} of {c.login}{c.title ? ` — ${c.title}` : c.note ? ` — ${c.note}` : ""}</h2>
      {c.removedAt && <Notice kind="error">This credential is no longer authorized: {REMOVAL_TEXT[c.removalReason ?? ""] ?? "removed"} ({formatDateTime(c.removedAt)}).</Notice>}
      <div className="grid pair">
        <section className="panel" aria-label="Facts">
          <h3>Authorization</h3>
          <dl className="facts">
            <dt>Authorization id (credential_id)</dt><dd><code>{c.id}</code></dd>
            <dt>Token or key id</dt><dd>{c.authorizedCredentialId === null ? <span className="muted">—</span> : <code>{c.authorizedCredentialId}</code>}</dd>
            <dt>Type (GitHub&apos;s word)</dt><dd>{c.credentialType}</dd>
            <dt>Owner</dt><dd>{c.login}{c.ownerLeft && <span className="badge bad" style={{ marginLeft: 6 }}>left org</span>}</dd>
            {c.lastEight && <><dt>Last eight</dt><dd><code>…{c.lastEight}</code></dd></>}
            {c.fingerprint && <><dt>Fingerprint</dt><dd><code>{c.fingerprint}</code></dd></>}
            {c.title && <><dt>Title</dt><dd>{c.title}</dd></>}
            {c.note && <><dt>Note</dt><dd>{c.note}</dd></>}
            <dt>Authorized</dt><dd>{when(c.authorizedAt)}</dd>
            <dt>Last accessed</dt><dd>{when(c.accessedAt, "never")}</dd>
            <dt>Expires</dt><dd>{c.expired ? <span className="badge bad">expired</span> : when(c.expiresAt, "no expiry")}</dd>
            <dt>First seen by patwarden</dt><dd>{when(c.firstSeenAt)}</dd>
            <dt>Last seen by a sync</dt><dd>{when(c.lastSeenAt)}</dd>
          </dl>
        </section>
        <section className="panel" aria-label="Scopes and risk">
          <h3>Scopes</h3>
          <p><ScopeChips scopes={c.scopes} /></p>
          <h3>Risk <CredentialRisk score={c.riskScore} reasons={c.riskReasons} /></h3>
          {c.riskReasons.length === 0 ? <p className="muted">No risk factors.</p> : (
            <ul data-testid="risk-reasons">{c.riskReasons.map((r) => <li key={r.code}>{r.text} <span className="muted small">(+{r.points})</span></li>)}</ul>
          )}
        </section>
        <section className="panel" aria-label="Other authorizations">
          <h3>Earlier authorizations of this {c.kindLabel}</h3>
          {c.authorizations.length === 0 ? <p className="muted">None: this is the only authorization of it that patwarden has seen in {c.org}.</p> : (
            <ul>
              {c.authorizations.map((a) => (
                <li key={a.id}>
                  <Link href={`/orgs/${encodeURIComponent(c.org)}/credentials/${a.id}`}>authorization {a.id}</Link>, authorized {formatDateTime(a.authorizedAt)}
                  {a.removedAt ? <span className="muted"> — removed {formatDateTime(a.removedAt)} ({REMOVAL_TEXT[a.removalReason ?? ""] ?? "removed"})</span> : <span className="muted"> — active</span>}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="panel" aria-label="History">
          <h3>History and audit</h3>
          {c.audit.length === 0 ? <p className="muted">No actions recorded for this credential.</p> : (
            <table className="data">
              <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Result</th></tr></thead>
              <tbody>
                {c.audit.map((a) => (
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
