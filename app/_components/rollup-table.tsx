// The roll-up table: one row per org the viewer may see, its figures linking to the matching list,
// and a total row. Grants and SSO credentials each under their own heading, so "high risk" and
// "owner left" say which inventory they count.
import Link from "./link.tsx";
import type { RollupLine, RollupView } from "../_data/rollup.ts";
import { formatCount, formatDateTime, formatRelative } from "../_lib/format.ts";

const n = (value: number | null, href?: string) =>
  value === null ? <span className="muted" title="counted at the next recount">—</span> : href ? <Link href={href}>{formatCount(value)}</Link> : formatCount(value);

function LastSync({ line, now }: { line: RollupLine; now: Date }) {
  const run = line.lastSync;
  if (!run) return <span className="muted">never</span>;
  return (
    <>
      <time dateTime={run.startedAt.toISOString()} title={formatDateTime(run.startedAt)}>{formatRelative({ date: run.startedAt, now })}</time>{" "}
      <span className={`badge ${run.status === "succeeded" ? "active" : run.status === "failed" ? "bad" : "neutral"}`}>{run.status}</span>
    </>
  );
}

function CredentialCells({ line }: { line: RollupLine }) {
  const c = line.credentials;
  if (!c) return <td colSpan={4} className="small muted" data-credentials={line.credentialsStatus}>{line.credentialsText}</td>;
  return (
    <>
      <td className="num">{n(c.total, line.href.credentials)}</td>
      <td className="num">{n(c.highRisk, line.href.credentialsHighRisk)}</td>
      <td className="num">{n(c.ownerLeft, line.href.credentialsOwnerLeft)}</td>
      <td className="num">{n(c.noExpiry, line.href.credentialsNoExpiry)}</td>
    </>
  );
}

export function RollupTable({ view, now }: { view: RollupView; now: Date }) {
  const t = view.total;
  const oldest = t.asOf;
  return (
    <section className="panel" aria-labelledby="rollup-title" style={{ marginBottom: 16 }}>
      <div className="page-head" style={{ marginBottom: 8 }}>
        <h2 id="rollup-title">All organizations</h2>
        <p className="small muted" data-testid="rollup-as-of">
          Counts as of <time dateTime={oldest.toISOString()} title={formatDateTime(oldest)}>{formatRelative({ date: oldest, now })}</time> at the oldest (recounted after every sync); pending requests now.
        </p>
      </div>
      <div className="table-wrap">
        <table className="data" data-testid="rollup" aria-describedby="rollup-title">
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>Organization</th>
              <th scope="col" rowSpan={2}>Status</th>
              <th scope="col" rowSpan={2}>Last sync</th>
              <th scope="colgroup" colSpan={4}>Fine-grained grants</th>
              <th scope="colgroup" colSpan={4}>SSO credential authorizations</th>
              <th scope="col" rowSpan={2} className="num">Pending requests</th>
            </tr>
            <tr>
              <th scope="col" className="num">Active</th><th scope="col" className="num">Stale</th>
              <th scope="col" className="num">High risk</th><th scope="col" className="num">Owner left</th>
              <th scope="col" className="num">Total</th><th scope="col" className="num">High risk</th>
              <th scope="col" className="num">Owner left</th><th scope="col" className="num">No expiry</th>
            </tr>
          </thead>
          <tbody>
            {view.lines.map((line) => (
              <tr key={line.orgId} data-org={line.login}>
                <th scope="row" style={{ position: "static", background: "none" }}><Link href={line.href.overview}>{line.login}</Link></th>
                <td><span className={`badge ${line.status}`}>{line.status}</span></td>
                <td><LastSync line={line} now={now} /></td>
                <td className="num">{n(line.grants, line.href.grants)}</td>
                <td className="num">{n(line.stale, line.href.stale)}</td>
                <td className="num">{n(line.highRisk, line.href.highRisk)}</td>
                <td className="num">{n(line.ownerLeft, line.href.ownerLeft)}</td>
                <CredentialCells line={line} />
                <td className="num">{n(line.pendingRequests, line.href.requests)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr data-org="(total)">
              <th scope="row" style={{ position: "static", background: "none" }}>Total ({formatCount(t.orgs)} {t.orgs === 1 ? "org" : "orgs"})</th>
              <td /><td />
              <td className="num">{formatCount(t.grants)}</td><td className="num">{formatCount(t.stale)}</td>
              <td className="num">{formatCount(t.highRisk)}</td><td className="num">{formatCount(t.ownerLeft)}</td>
              {t.credentialOrgs > 0 ? (
                <>
                  <td className="num" title={`over ${t.credentialOrgs} of ${t.orgs} orgs`}>{formatCount(t.credentials.total)}</td>
                  <td className="num">{formatCount(t.credentials.highRisk)}</td><td className="num">{formatCount(t.credentials.ownerLeft)}</td>
                  <td className="num">{formatCount(t.credentials.noExpiry)}</td>
                </>
              ) : <td colSpan={4} className="small muted">no org with SSO credential figures</td>}
              <td className="num">{formatCount(t.pendingRequests)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
