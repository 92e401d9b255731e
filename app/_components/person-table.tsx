// The people list: one row per person, riskiest first by default, each linking to their page.
import type { PeopleListRow } from "../../bot/people/verbs.ts";
import { formatRelative } from "../_lib/format.ts";
import Link from "./link.tsx";
import { RiskBadge } from "./risk-badge.tsx";

export function PeopleTable({ rows, now }: { rows: PeopleListRow[]; now: Date }) {
  return (
    <div className="table-wrap">
      <table className="data" aria-label="People">
        <thead>
          <tr>
            <th scope="col">Login</th>
            <th scope="col">Highest risk</th>
            <th scope="col">Grants</th>
            <th scope="col">SSO credentials</th>
            <th scope="col">Pending requests</th>
            <th scope="col">Orgs</th>
            <th scope="col">Last use</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-person={r.key}>
              <td className="nowrap"><Link href={`/people/${encodeURIComponent(r.login)}`}>{r.login}</Link></td>
              <td><RiskBadge score={r.maxRisk} reasons={[]} /></td>
              <td>{r.grants}</td>
              <td>{r.credentials}</td>
              <td>{r.requests}</td>
              <td>
                {r.orgs.map((o) => (
                  <span key={o} className={`badge ${r.leftOrgs.includes(o) ? "bad" : "neutral"}`} style={{ marginRight: 4 }}>
                    {r.leftOrgs.includes(o) ? `left ${o}` : o}
                  </span>
                ))}
              </td>
              <td className="nowrap">{r.lastUsedAt ? <time dateTime={r.lastUsedAt.toISOString()}>{formatRelative({ date: r.lastUsedAt, now })}</time> : <span className="muted">never</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
