import type { Metadata } from "next";
import Link from "../../../../_components/link.tsx";
import { CredentialRemoveBar } from "../../../../_components/credential-remove-bar.tsx";
import { CredentialsFilterForm } from "../../../../_components/credentials-filter-form.tsx";
import { CredentialsTable } from "../../../../_components/credentials-table.tsx";
import { Notice } from "../../../../_components/notice.tsx";
import { OrgHeader } from "../../../../_components/org-header.tsx";
import { SelectionProvider } from "../../../../_components/selection.tsx";
import { attempt } from "../../../../_data/attempt.ts";
import { listCredentialTable } from "../../../../_data/credentials.ts";
import { requireOrgAccess } from "../../../../_data/org-access.ts";
import { getDashboardRuntime } from "../../../../_data/runtime.ts";
import { requireViewer } from "../../../../_data/viewer.ts";
import { formatCountAtLeast, formatDateTime } from "../../../../_lib/format.ts";
import { toSearchParams, withParams, type RawParams } from "../../../../_lib/grant-url.ts";
import { orgStatus } from "../../../../_lib/org-status.ts";

type Props = { params: Promise<{ org: string }>; searchParams: Promise<RawParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${decodeURIComponent((await params).org)} credentials` };
}

export default async function CredentialsPage({ params, searchParams }: Props) {
  const org = decodeURIComponent((await params).org);
  const current = toSearchParams(await searchParams);
  const qs = current.toString();
  const viewer = await requireViewer({ returnTo: `/orgs/${encodeURIComponent(org)}/credentials${qs ? `?${qs}` : ""}` });
  const checked = await attempt(() => requireOrgAccess({ viewer, org }));
  if (!checked.ok) return <Notice kind="error">{checked.message}</Notice>;
  const gate = checked.value;
  const header = <OrgHeader login={gate.org.login} status={orgStatus(gate.org)} access={gate.access} current="credentials" />;
  const result = await attempt(() => listCredentialTable({ viewer, org, params: current }));
  if (!result.ok) return <>{header}<Notice kind="error">{result.message}</Notice></>;
  const t = result.value;
  const base = `/orgs/${encodeURIComponent(t.login)}/credentials`;
  // GitHub does not serve this org's SSO credential authorizations: a status, not an error.
  if (t.source.status !== "available") {
    return (
      <>
        {header}
        <div className="panel empty" data-testid="credentials-source">
          <p>{t.source.text}.</p>
          {t.source.detail && <p className="muted small">GitHub said: {t.source.detail}</p>}
        </div>
      </>
    );
  }
  const values = Object.fromEntries([...new Set(current.keys())].map((k) => [k, current.getAll(k)]));
  const filtered = Object.keys(t.query.filter).length > 0;
  const now = getDashboardRuntime().now();
  const table = (selectable: boolean) => <CredentialsTable rows={t.rows} org={t.login} params={current} sort={t.query.sort} direction={t.query.direction} now={now} selectable={selectable} />;
  return (
    <>
      {header}
      <CredentialsFilterForm key={qs} values={values} resetHref={base} />
      {t.error && <div data-testid="filter-error" data-field={t.errorField ?? undefined}><Notice kind="error">{t.error}</Notice></div>}
      {!t.error && (
        <p aria-live="polite" data-testid="credential-count">
          <strong>{formatCountAtLeast(t.total, t.totalCapped)}</strong> {t.query.filter.state === "removed" ? "removed" : t.query.filter.state === "all" ? "" : "active"} SSO credential authorizations{filtered ? " match" : ""}
          {t.source.lastSyncAt && <span className="muted small"> · synced {formatDateTime(t.source.lastSyncAt)}</span>}
          {filtered && <> · <Link href={base}>show all</Link></>}
        </p>
      )}
      {t.error ? null : t.rows.length === 0 ? (
        <div className="panel empty" data-testid="credentials-empty">
          {filtered ? <p>No credentials match these filters.</p> : <p>No SSO credential authorizations are stored for {t.login}.</p>}
          {filtered && <p><Link href={base}>Clear the filters</Link></p>}
        </div>
      ) : t.access.canRevoke && (t.query.filter.state ?? "active") === "active" ? (
        // Keyed by the query: a new filter, sort or page starts with nothing selected. The bulk
        // "Remove authorizations" bar reads this selection from above the table, as RevokeBar does on grants.
        <SelectionProvider key={`selection?${qs}`} pageIds={t.rows.map((r) => r.id)} total={t.total} totalCapped={t.totalCapped}>
          <CredentialRemoveBar org={t.login} query={qs} />
          {table(true)}
        </SelectionProvider>
      ) : table(false)}
      {t.rows.length > 0 && (
        <nav className="pager" aria-label="Pages">
          {t.prevCursor
            ? <Link className="button" rel="prev" href={withParams(current, { before: t.prevCursor, after: null })}>Previous</Link>
            : <span className="button" aria-disabled>Previous</span>}
          {t.nextCursor
            ? <Link className="button" rel="next" href={withParams(current, { after: t.nextCursor, before: null })}>Next</Link>
            : <span className="button" aria-disabled>Next</span>}
        </nav>
      )}
    </>
  );
}
