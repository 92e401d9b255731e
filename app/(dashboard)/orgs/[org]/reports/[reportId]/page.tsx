import type { Metadata } from "next";
import Link from "../../../../../_components/link.tsx";
import { notFound } from "next/navigation";
import { Notice } from "../../../../../_components/notice.tsx";
import { OrgHeader } from "../../../../../_components/org-header.tsx";
import { ReportDownloads } from "../../../../../_components/report-downloads.tsx";
import { ReportFindings } from "../../../../../_components/report-findings.tsx";
import { ReportCredentials } from "../../../../../_components/report-credentials.tsx";
import { attempt } from "../../../../../_data/attempt.ts";
import { requireOrgAccess } from "../../../../../_data/org-access.ts";
import { getReportView } from "../../../../../_data/reports.ts";
import { requireViewer } from "../../../../../_data/viewer.ts";
import { formatCount, formatDateTime } from "../../../../../_lib/format.ts";
import { orgStatus } from "../../../../../_lib/org-status.ts";
import { CATEGORY_LABELS, deliveryLinks, shapeCategories } from "../../../../../_lib/report-view.ts";

type Props = { params: Promise<{ org: string; reportId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Report ${(await params).reportId}` };
}

export default async function ReportPage({ params }: Props) {
  const p = await params;
  const org = decodeURIComponent(p.org);
  if (!/^\d{1,18}$/.test(p.reportId)) notFound();
  const viewer = await requireViewer({ returnTo: `/orgs/${encodeURIComponent(org)}/reports/${p.reportId}` });
  const checked = await attempt(() => requireOrgAccess({ viewer, org }));
  if (!checked.ok) return <Notice kind="error">{checked.message}</Notice>;
  const gate = checked.value;
  const header = <OrgHeader login={gate.org.login} status={orgStatus(gate.org)} access={gate.access} current="reports" />;
  const result = await attempt(() => getReportView({ viewer, org, id: Number(p.reportId) }));
  if (!result.ok) return <>{header}<Notice kind="error">{result.message}</Notice></>;
  const { login, report, doc } = result.value;
  const base = `/orgs/${encodeURIComponent(login)}/reports`;
  const s = doc.summary;
  const delivery = deliveryLinks(report.delivery);
  // 25 rows a category, folded: the page's HTML and its RSC payload carried 100 a category (~550 kB
  // on the demo's 2,000 grants, most of the page's 2.6 s); the link and the CSV have them all.
  const categories = shapeCategories({ org: login, doc, limit: 25 });
  return (
    <>
      {header}
      <p className="small"><Link href={base}>← All reports</Link></p>
      <div className="page-head" style={{ marginBottom: 8 }}>
        <h2 style={{ fontSize: 20, margin: 0 }}>Report #{report.id} <span className="muted small">generated {formatDateTime(report.generatedAt)}</span></h2>
        <span className="actions">Download <ReportDownloads href={`${base}/${report.id}`} /></span>
      </div>
      <p className="small muted">
        Period {doc.period.start ? `from ${formatDateTime(new Date(doc.period.start))}` : "since the start (first report)"} to {formatDateTime(new Date(doc.period.end))};
        {" "}{report.trigger} by {report.requestedBy}. Stale after {doc.thresholds.staleDays} days, expiring within {doc.thresholds.expiringDays} days, long expiry over {doc.thresholds.longExpiryDays} days.
      </p>
      {delivery.errors.length > 0 && <Notice kind="error">Delivery failed: {delivery.errors.join("; ")}</Notice>}
      {delivery.links.length > 0 && <p className="small">Delivered: {delivery.links.map((l, i) => <span key={l.label}>{i > 0 && ", "}{l.label} {l.href ? <a href={l.href}>{l.text}</a> : l.text}</span>)}</p>}
      <div className="stat-row" data-testid="report-summary">
        <div className="stat"><div className="muted small">Active grants</div><div className="value">{formatCount(s.activeGrants)}</div></div>
        <div className="stat"><div className="muted small">Grants with findings</div><div className="value">{formatCount(s.grantsWithFindings)}</div></div>
        <div className="stat"><div className="muted small">Pending requests</div><div className="value">{formatCount(s.pendingRequests)}</div></div>
        <div className="stat"><div className="muted small">Revocations in period</div><div className="value">{formatCount(s.revocations)}</div></div>
        <div className="stat"><div className="muted small">Requests approved / denied</div><div className="value">{formatCount(s.requestDecisions.approved)} / {formatCount(s.requestDecisions.denied)}</div></div>
      </div>
      <section className="panel" aria-labelledby="changes" style={{ marginBottom: 16 }}>
        <h2 id="changes">Changes since the previous report</h2>
        {!doc.changes ? <p className="muted">This is the org's first report: nothing to compare with.</p> : (
          <>
            <p className="small muted">Compared with <Link href={`${base}/${doc.changes.previousReportId}`}>report #{doc.changes.previousReportId}</Link> ({formatDateTime(new Date(doc.changes.previousGeneratedAt))}).</p>
            <div className="grid" style={{ gridTemplateColumns: "repeat(auto-fit, minmax(320px, 1fr))" }}>
              {([["New findings", doc.changes.newFindings], ["Resolved findings", doc.changes.resolvedFindings]] as const).map(([title, list]) => (
                <div key={title} data-testid={title === "New findings" ? "new-findings" : "resolved-findings"}>
                  <h3>{title} ({formatCount(list.length)})</h3>
                  {list.length === 0 ? <p className="muted small">none</p> : (
                    <ul className="plain small">
                      {list.slice(0, 50).map((f) => <li key={`${f.category}-${f.grantId}`}>{CATEGORY_LABELS[f.category]}: <Link href={`/orgs/${encodeURIComponent(login)}/grants/${f.grantId}`}>{f.tokenName}</Link> <span className="muted">({f.owner})</span></li>)}
                      {list.length > 50 && <li className="muted">and {formatCount(list.length - 50)} more (in the JSON download)</li>}
                    </ul>
                  )}
                </div>
              ))}
            </div>
          </>
        )}
      </section>
      <ReportFindings org={login} categories={categories} />
      {doc.credentials && <ReportCredentials section={doc.credentials} />}
      <section className="panel" aria-labelledby="activity" style={{ marginTop: 16 }}>
        <h2 id="activity">Revocations and request decisions in the period</h2>
        {doc.revocations.length === 0 ? <p className="muted">No revocations.</p> : (
          <table className="data compact"><caption>Revocations ({formatCount(doc.revocations.length)})</caption>
            <thead><tr><th scope="col">When</th><th scope="col">Token</th><th scope="col">Owner</th><th scope="col">By</th><th scope="col">Outcome</th><th scope="col">Reason</th></tr></thead>
            <tbody>{doc.revocations.slice(0, 200).map((r, i) => <tr key={i}><td className="nowrap">{formatDateTime(new Date(r.at))}</td><td>{r.tokenName ?? r.grantId}</td><td>{r.owner ?? "—"}</td><td>{r.by}</td><td>{r.outcome}</td><td className="reason">{r.reason ?? ""}</td></tr>)}</tbody>
          </table>
        )}
        {doc.requestDecisions.length === 0 ? <p className="muted">No request decisions.</p> : (
          <table className="data compact"><caption>Request decisions ({formatCount(doc.requestDecisions.length)})</caption>
            <thead><tr><th scope="col">When</th><th scope="col">Token</th><th scope="col">Owner</th><th scope="col">Decision</th><th scope="col">By</th><th scope="col">Reason</th></tr></thead>
            <tbody>{doc.requestDecisions.slice(0, 200).map((r, i) => <tr key={i}><td className="nowrap">{formatDateTime(new Date(r.at))}</td><td>{r.tokenName ?? r.requestId}</td><td>{r.owner ?? "—"}</td><td>{r.decision}</td><td>{r.by} <span className="muted small">({r.via})</span></td><td className="reason">{r.reason ?? ""}</td></tr>)}</tbody>
          </table>
        )}
      </section>
    </>
  );
}
