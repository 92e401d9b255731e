import type { Metadata } from "next";
import Link from "../../../../_components/link.tsx";
import { AutoRefresh } from "../../../../_components/auto-refresh.tsx";
import { Notice } from "../../../../_components/notice.tsx";
import { OrgHeader } from "../../../../_components/org-header.tsx";
import { RequestReviewBar } from "../../../../_components/request-review-bar.tsx";
import { RequestsTable } from "../../../../_components/requests-table.tsx";
import { SelectionProvider } from "../../../../_components/selection.tsx";
import { attempt } from "../../../../_data/attempt.ts";
import { requireOrgAccess } from "../../../../_data/org-access.ts";
import { listRequestTable, REQUESTS_SHOWN } from "../../../../_data/requests.ts";
import { getDashboardRuntime } from "../../../../_data/runtime.ts";
import { requireViewer } from "../../../../_data/viewer.ts";
import { formatCount } from "../../../../_lib/format.ts";
import { orgStatus } from "../../../../_lib/org-status.ts";

type Props = { params: Promise<{ org: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${decodeURIComponent((await params).org)} requests` };
}

export default async function RequestsPage({ params, searchParams }: Props) {
  const org = decodeURIComponent((await params).org);
  const viewer = await requireViewer({ returnTo: `/orgs/${encodeURIComponent(org)}/requests` });
  const checked = await attempt(() => requireOrgAccess({ viewer, org }));
  if (!checked.ok) return <Notice kind="error">{checked.message}</Notice>;
  const gate = checked.value;
  const header = <OrgHeader login={gate.org.login} status={orgStatus(gate.org)} access={gate.access} current="requests" />;
  const query = await searchParams;
  const after = one(query.after);
  const before = one(query.before);
  const result = await attempt(() => listRequestTable({ viewer, org, after, before }));
  if (!result.ok) return <>{header}<Notice kind="error">{result.message}</Notice></>;
  const t = result.value;
  const now = getDashboardRuntime().now();
  const base = `/orgs/${encodeURIComponent(t.login)}/requests`;
  return (
    <>
      {header}
      <AutoRefresh org={t.login} version={t.version} />
      <p aria-live="polite" data-testid="request-count">
        <strong>{formatCount(t.total)}</strong> pending {t.total === 1 ? "request" : "requests"}, oldest first
        {t.total > REQUESTS_SHOWN && !after && !before && <> (the oldest {formatCount(REQUESTS_SHOWN)} are shown; review them or go to the next page to see the rest)</>}
        {!t.access.canRevoke && <span className="muted"> · your access is read-only, so you cannot review them</span>}
      </p>
      {t.rows.length === 0 ? (
        <div className="panel empty"><p>No requests are waiting for review in {t.login}.</p></div>
      ) : t.access.canRevoke ? (
        <SelectionProvider pageIds={t.rows.map((r) => r.id)} total={t.rows.length}>
          <RequestReviewBar org={t.login} />
          <RequestsTable rows={t.rows} now={now} selectable />
        </SelectionProvider>
      ) : (
        <RequestsTable rows={t.rows} now={now} />
      )}
      {(t.next || t.previous) && (
        <nav className="pager" aria-label="Request pages">
          {t.previous && <Link className="button" href={`${base}?before=${encodeURIComponent(t.previous)}`} data-testid="requests-previous">← Previous</Link>}
          {t.next && <Link className="button" href={`${base}?after=${encodeURIComponent(t.next)}`} data-testid="requests-next">Next {formatCount(REQUESTS_SHOWN)} →</Link>}
        </nav>
      )}
    </>
  );
}
