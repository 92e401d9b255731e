import type { Metadata } from "next";
import Link from "../../../../_components/link.tsx";
import { AutoRefresh } from "../../../../_components/auto-refresh.tsx";
import { JobStatusBadge } from "../../../../_components/job-status.tsx";
import { Notice } from "../../../../_components/notice.tsx";
import { OrgHeader } from "../../../../_components/org-header.tsx";
import { oneParam, TimePager } from "../../../../_components/time-pager.tsx";
import { attempt } from "../../../../_data/attempt.ts";
import { requireOrgAccess } from "../../../../_data/org-access.ts";
import { listJobSummaries } from "../../../../_data/revocation-jobs.ts";
import { requireViewer } from "../../../../_data/viewer.ts";
import { formatCount, formatDateTime } from "../../../../_lib/format.ts";
import { partsText } from "../../../../_lib/job-parts.ts";
import { orgStatus } from "../../../../_lib/org-status.ts";

type Props = { params: Promise<{ org: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${decodeURIComponent((await params).org)} revocations` };
}

export default async function RevocationsPage({ params, searchParams }: Props) {
  const org = decodeURIComponent((await params).org);
  const viewer = await requireViewer({ returnTo: `/orgs/${encodeURIComponent(org)}/revocations` });
  const checked = await attempt(() => requireOrgAccess({ viewer, org }));
  if (!checked.ok) return <Notice kind="error">{checked.message}</Notice>;
  const gate = checked.value;
  const header = <OrgHeader login={gate.org.login} status={orgStatus(gate.org)} access={gate.access} current="revocations" />;
  const query = await searchParams;
  const result = await attempt(() => listJobSummaries({ viewer, org, after: oneParam(query.after), before: oneParam(query.before) }));
  if (!result.ok) return <>{header}<Notice kind="error">{result.message}</Notice></>;
  const { login, jobs, access, version, older, newer } = result.value;
  const base = `/orgs/${encodeURIComponent(login)}`;
  return (
    <>
      {header}
      <AutoRefresh org={login} version={version} />
      {jobs.length === 0 ? (
        <div className="panel empty">
          <p>No grants or SSO credential authorizations of {login} have been revoked through patwarden yet.</p>
          {access.canRevoke && <p>Select grants in the <Link href={`${base}/grants`}>grants table</Link> to revoke them.</p>}
        </div>
      ) : (
        <div className="table-wrap">
          <table className="data" aria-label="Revocations">
            <thead>
              <tr>
                <th scope="col">Job</th><th scope="col">Started</th><th scope="col">By</th><th scope="col">Reason</th>
                <th scope="col">Status</th><th scope="col">Removes</th><th scope="col" className="num">Revoked</th>
                <th scope="col" className="num">Already gone</th><th scope="col" className="num">Failed</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => (
                <tr key={j.id} data-job-id={j.id}>
                  <td><Link href={`${base}/revocations/${j.id}`}>#{j.id}</Link>{j.method === "single" && <div className="muted small">single</div>}</td>
                  <td className="nowrap">{formatDateTime(j.createdAt)}</td>
                  <td>{j.requestedBy}</td>
                  <td className="reason">{j.reason}</td>
                  <td><JobStatusBadge status={j.status} /></td>
                  <td className="nowrap" data-testid="job-parts">{partsText({ grants: j.total - j.credentials, credentials: j.credentials })}</td>
                  <td className="num">{formatCount(j.revoked)}</td>
                  <td className="num">{formatCount(j.alreadyGone)}</td>
                  <td className="num">{formatCount(j.failed)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <TimePager base={`${base}/revocations`} newer={newer} older={older} label="Revocation pages" />
    </>
  );
}
