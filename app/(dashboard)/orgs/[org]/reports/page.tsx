import type { Metadata } from "next";
import Link from "../../../../_components/link.tsx";
import { GenerateReportButton } from "../../../../_components/generate-report-button.tsx";
import { Notice } from "../../../../_components/notice.tsx";
import { OrgHeader } from "../../../../_components/org-header.tsx";
import { oneParam, TimePager } from "../../../../_components/time-pager.tsx";
import { ReportDownloads } from "../../../../_components/report-downloads.tsx";
import { attempt } from "../../../../_data/attempt.ts";
import { requireOrgAccess } from "../../../../_data/org-access.ts";
import { listReportsPage } from "../../../../_data/reports.ts";
import { requireViewer } from "../../../../_data/viewer.ts";
import { formatCount, formatDateTime } from "../../../../_lib/format.ts";
import { orgStatus } from "../../../../_lib/org-status.ts";
import { deliveryLinks, totalFindings } from "../../../../_lib/report-view.ts";

type Props = { params: Promise<{ org: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${decodeURIComponent((await params).org)} reports` };
}

const num = (v: unknown) => (typeof v === "number" ? formatCount(v) : "—");

export default async function ReportsPage({ params, searchParams }: Props) {
  const org = decodeURIComponent((await params).org);
  const viewer = await requireViewer({ returnTo: `/orgs/${encodeURIComponent(org)}/reports` });
  const checked = await attempt(() => requireOrgAccess({ viewer, org }));
  if (!checked.ok) return <Notice kind="error">{checked.message}</Notice>;
  const gate = checked.value;
  const header = <OrgHeader login={gate.org.login} status={orgStatus(gate.org)} access={gate.access} current="reports" />;
  const query = await searchParams;
  const result = await attempt(() => listReportsPage({ viewer, org, after: oneParam(query.after), before: oneParam(query.before) }));
  if (!result.ok) return <>{header}<Notice kind="error">{result.message}</Notice></>;
  const { login, reports, older, newer } = result.value;
  const base = `/orgs/${encodeURIComponent(login)}/reports`;
  return (
    <>
      {header}
      <div className="page-head">
        <p className="muted" style={{ margin: 0 }}>Compliance reports: findings per category, what changed since the previous report, revocations and request decisions. Scheduled by the policy file, or generated here.</p>
        <GenerateReportButton org={login} />
      </div>
      {reports.length === 0 ? <p className="panel empty">No report yet. Generate one, or wait for the scheduled report.</p> : (
        <div className="table-wrap">
          <table className="data" data-testid="reports">
            <thead>
              <tr>
                <th scope="col">Report</th><th scope="col">Generated</th><th scope="col">Trigger</th>
                <th scope="col" className="num">Active grants</th><th scope="col" className="num">Findings</th><th scope="col" className="num">Grants with findings</th>
                <th scope="col">Delivered</th><th scope="col">Download</th>
              </tr>
            </thead>
            <tbody>
              {reports.map((r) => {
                const d = deliveryLinks(r.delivery);
                return (
                  <tr key={r.id} data-report-id={r.id}>
                    <td><Link href={`${base}/${r.id}`}>Report #{r.id}</Link></td>
                    <td className="nowrap">{formatDateTime(r.generatedAt)}</td>
                    <td>{r.trigger}<div className="small muted">{r.requestedBy}</div></td>
                    <td className="num">{num(r.summary.activeGrants)}</td>
                    <td className="num">{formatCount(totalFindings(r.summary))}</td>
                    <td className="num">{num(r.summary.grantsWithFindings)}</td>
                    <td>
                      {d.links.length === 0 && d.errors.length === 0 && <span className="muted">stored only</span>}
                      {d.links.map((l) => <div key={l.label}>{l.label}: {l.href ? <a href={l.href}>{l.text}</a> : l.text}</div>)}
                      {d.errors.length > 0 && <span className="badge bad" title={d.errors.join("\n")}>delivery failed</span>}
                    </td>
                    <td><ReportDownloads href={`${base}/${r.id}`} /></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <TimePager base={base} newer={newer} older={older} label="Report pages" />
    </>
  );
}
