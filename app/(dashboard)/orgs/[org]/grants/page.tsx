import type { Metadata } from "next";
import Link from "../../../../_components/link.tsx";
import { PERMISSION_OPTIONS } from "../../../../../model/permissions.ts";
import { GrantFilterForm } from "../../../../_components/grant-filter-form.tsx";
import { GrantsTable } from "../../../../_components/grants-table.tsx";
import { Notice } from "../../../../_components/notice.tsx";
import { RevokeBar } from "../../../../_components/revoke-bar.tsx";
import { SelectionProvider } from "../../../../_components/selection.tsx";
import { OrgHeader } from "../../../../_components/org-header.tsx";
import { attempt } from "../../../../_data/attempt.ts";
import { listGrantTable } from "../../../../_data/grant-table.ts";
import { requireOrgAccess } from "../../../../_data/org-access.ts";
import { getDashboardRuntime } from "../../../../_data/runtime.ts";
import { requireViewer } from "../../../../_data/viewer.ts";
import { formatCount, formatCountAtLeast } from "../../../../_lib/format.ts";
import { pageCount, toSearchParams, withParams, type RawParams } from "../../../../_lib/grant-url.ts";
import { orgStatus } from "../../../../_lib/org-status.ts";

type Props = { params: Promise<{ org: string }>; searchParams: Promise<RawParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${decodeURIComponent((await params).org)} grants` };
}

export default async function GrantsPage({ params, searchParams }: Props) {
  const org = decodeURIComponent((await params).org);
  const current = toSearchParams(await searchParams);
  const qs = current.toString();
  const viewer = await requireViewer({ returnTo: `/orgs/${encodeURIComponent(org)}/grants${qs ? `?${qs}` : ""}` });
  const checked = await attempt(() => requireOrgAccess({ viewer, org }));
  if (!checked.ok) return <Notice kind="error">{checked.message}</Notice>;
  const gate = checked.value;
  const header = <OrgHeader login={gate.org.login} status={orgStatus(gate.org)} access={gate.access} current="grants" />;
  const result = await attempt(() => listGrantTable({ viewer, org, params: current }));
  if (!result.ok) return <>{header}<Notice kind="error">{result.message}</Notice></>;
  const t = result.value;
  const base = `/orgs/${encodeURIComponent(t.login)}/grants`;
  const values = Object.fromEntries([...new Set(current.keys())].map((k) => [k, current.getAll(k)]));
  const pages = pageCount({ total: t.total, perPage: t.query.perPage });
  const filtered = Object.keys(t.query.filter).length > 0;
  return (
    <>
      {header}
      <GrantFilterForm key={qs} values={values} permissionOptions={PERMISSION_OPTIONS} resetHref={base} />
      {t.note && <p className="muted" data-testid="repository-note">{t.note}</p>}
      {t.error && <div data-testid="filter-error" data-field={t.errorField ?? undefined}><Notice kind="error">{t.error}</Notice></div>}
      {/* A filter that cannot be applied lists nothing: no count and no "no grants match" beside its error. */}
      {!t.error && (
        <p aria-live="polite" data-testid="grant-count">
          <strong>{formatCountAtLeast(t.total, t.totalCapped)}</strong> of {formatCountAtLeast(t.orgTotal, t.orgTotalCapped)} {t.query.filter.state === "removed" ? "removed" : "active"} grants
          {filtered && <> · <Link href={base}>show all</Link></>}
        </p>
      )}
      {t.pastEnd ? (
        <div data-testid="past-end"><Notice kind="info">
          Page {formatCount(t.pastEnd.page)} is past the end — {formatCount(t.pastEnd.lastPage)} {t.pastEnd.lastPage === 1 ? "page" : "pages"}.{" "}
          <Link href={withParams(current, { page: t.pastEnd.lastPage > 1 ? String(t.pastEnd.lastPage) : null })}>Go to the last page</Link>
        </Notice></div>
      ) : t.error ? null : t.rows.length === 0 ? (
        <div className="panel empty">
          {t.orgTotal === 0 ? <p>No grants are stored for {t.login} yet.</p> : <p>No grants match these filters.</p>}
          {filtered && <p><Link href={base}>Clear the filters</Link></p>}
        </div>
      ) : t.access.canRevoke && (t.query.filter.state ?? "active") === "active" ? (
        // Keyed by the query: a new filter, sort or page starts with nothing selected. (Not the
        // filter form's key: equal keys among siblings make React duplicate them on navigation.)
        <SelectionProvider key={`selection?${qs}`} pageIds={t.rows.map((r) => r.id)} total={t.total} totalCapped={t.totalCapped}>
          <RevokeBar org={t.login} query={qs} />
          <GrantsTable rows={t.rows} org={t.login} params={current} sort={t.query.sort} direction={t.query.direction} now={getDashboardRuntime().now()} selectable />
        </SelectionProvider>
      ) : (
        <GrantsTable rows={t.rows} org={t.login} params={current} sort={t.query.sort} direction={t.query.direction} now={getDashboardRuntime().now()} />
      )}
      {t.rows.length > 0 && !t.pastEnd && (
        // Next and Previous carry a keyset cursor (as fast on page 200 as on page 1) and the page's
        // number when it was reached by walking; ?page=N alone still works (an OFFSET).
        <nav className="pager" aria-label="Pages">
          <span className="muted" data-testid="page-number">
            {t.pageNumber !== null ? <>Page {formatCount(t.pageNumber)} of {formatCountAtLeast(Math.max(pages, t.pageNumber), t.totalCapped || (t.pageNumber > pages && t.nextCursor !== null))}</> : <>{formatCountAtLeast(pages, t.totalCapped)} pages</>}
          </span>
          {t.prevCursor ? (
            <Link className="button" rel="prev" href={t.pageNumber === 2
              ? withParams(current, { page: null, after: null, before: null })
              : withParams(current, { page: t.pageNumber !== null ? String(t.pageNumber - 1) : null, before: t.prevCursor, after: null })}>Previous</Link>
          ) : <span className="button" aria-disabled>Previous</span>}
          {t.nextCursor ? (
            <Link className="button" rel="next" href={withParams(current, { page: t.pageNumber !== null ? String(t.pageNumber + 1) : null, after: t.nextCursor, before: null })}>Next</Link>
          ) : <span className="button" aria-disabled>Next</span>}
        </nav>
      )}
    </>
  );
}
