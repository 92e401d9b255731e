import type { Metadata } from "next";
import Link from "../../../../_components/link.tsx";
import { Notice } from "../../../../_components/notice.tsx";
import { OrgHeader } from "../../../../_components/org-header.tsx";
import { attempt } from "../../../../_data/attempt.ts";
import { listAuditView } from "../../../../_data/audit.ts";
import { requireOrgAccess } from "../../../../_data/org-access.ts";
import { requireViewer } from "../../../../_data/viewer.ts";
import { auditHref } from "../../../../_lib/audit-query.ts";
import { formatCount, formatDateTime } from "../../../../_lib/format.ts";
import { toSearchParams, type RawParams } from "../../../../_lib/grant-url.ts";
import { orgStatus } from "../../../../_lib/org-status.ts";

type Props = { params: Promise<{ org: string }>; searchParams: Promise<RawParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${decodeURIComponent((await params).org)} audit log` };
}

const RESULT_CLASS: Record<string, string> = { success: "active", failure: "bad", skipped: "neutral", dry_run: "neutral" };

export default async function AuditPage({ params, searchParams }: Props) {
  const org = decodeURIComponent((await params).org);
  const current = toSearchParams(await searchParams);
  const qs = current.toString();
  const viewer = await requireViewer({ returnTo: `/orgs/${encodeURIComponent(org)}/audit${qs ? `?${qs}` : ""}` });
  const checked = await attempt(() => requireOrgAccess({ viewer, org }));
  if (!checked.ok) return <Notice kind="error">{checked.message}</Notice>;
  const gate = checked.value;
  const header = <OrgHeader login={gate.org.login} status={orgStatus(gate.org)} access={gate.access} current="audit" />;
  const result = await attempt(() => listAuditView({ viewer, org, params: current }));
  if (!result.ok) return <>{header}<Notice kind="error">{result.message}</Notice></>;
  const v = result.value;
  const base = `/orgs/${encodeURIComponent(v.login)}/audit`;
  const value = (key: string) => current.get(key) ?? "";
  const filtered = [...v.query.params.keys()].length > 0;
  return (
    <>
      {header}
      <form method="get" className="panel filter-form" aria-label="Filter the audit log">
        <div className="filter-row">
          <label>
            Actor
            <input type="text" name="actor" list="audit-actors" defaultValue={value("actor")} placeholder="alice" style={{ width: 160 }} />
          </label>
          <datalist id="audit-actors">{v.facets.actors.map((a) => <option key={a} value={a} />)}</datalist>
          <label>
            Action
            <select name="action" defaultValue={value("action")}>
              <option value="">Any action</option>
              {v.facets.actions.map((a) => <option key={a} value={a}>{a}</option>)}
            </select>
          </label>
          <label>From (UTC day)<input type="date" name="from" defaultValue={value("from")} /></label>
          <label>To (UTC day, inclusive)<input type="date" name="to" defaultValue={value("to")} /></label>
          <span style={{ flex: 1 }} />
          <a href={base} className="button">Clear</a>
          <button type="submit" className="primary">Apply filters</button>
        </div>
      </form>
      {v.error && <Notice kind="error">{v.error}</Notice>}
      <div className="page-head" style={{ marginBottom: 8 }}>
        <p aria-live="polite" data-testid="audit-count" style={{ margin: 0 }}>
          <strong>{formatCount(v.total)}</strong> {v.total === 1 ? "entry" : "entries"}{filtered && !v.error && (v.total === 1 ? " matches these filters" : " match these filters")}
        </p>
        <a className="button" href={auditHref({ base: `${base}.csv`, params: v.query.params })} download>Download CSV</a>
      </div>
      {v.rows.length === 0 ? (
        <div className="panel empty">
          <p>{filtered ? "No audit entries match these filters." : `Nothing has been recorded for ${v.login} yet.`}</p>
          {filtered && <p><Link href={base}>Clear the filters</Link></p>}
        </div>
      ) : (
        <div className="table-wrap">
          <table className="data" aria-label="Audit log">
            <thead>
              <tr>
                <th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Target</th>
                <th scope="col">Reason</th><th scope="col">Result</th><th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {v.rows.map((r) => (
                <tr key={r.id} data-audit-id={r.id}>
                  <td className="nowrap"><time dateTime={r.at.toISOString()}>{formatDateTime(r.at)}</time></td>
                  <td>{r.actor}<div className="muted small">{r.actorType}</div></td>
                  <td><code>{r.action}</code></td>
                  <td className="nowrap">{r.target ?? <span className="muted">—</span>}</td>
                  <td className="reason">{r.reason ?? <span className="muted">—</span>}</td>
                  <td><span className={`badge ${RESULT_CLASS[r.result] ?? "neutral"}`}>{r.result}</span></td>
                  <td className="small">
                    {r.details || (!r.sources && <span className="muted">—</span>)}
                    {r.sources && <div className="muted" data-audit-sources>Sources: {r.sources}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(v.query.before !== undefined || v.nextBefore !== null) && (
        <nav className="pager" aria-label="Pages">
          {v.query.before !== undefined ? <Link className="button" href={auditHref({ base, params: v.query.params })}>Newest</Link> : <span className="button" aria-disabled>Newest</span>}
          {v.nextBefore !== null ? <Link className="button" href={auditHref({ base, params: v.query.params, before: v.nextBefore })} rel="next">Older</Link> : <span className="button" aria-disabled>Older</span>}
        </nav>
      )}
    </>
  );
}
