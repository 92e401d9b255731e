import Link from "./link.tsx";
import type { PolicyRunListRow } from "../../bot/policies/verbs.ts";
import { formatCount, formatDateTime } from "../_lib/format.ts";
import { OUTCOME_COLUMNS } from "../_lib/policy-counts.ts";

/** "Matched" is every match of the run; the outcome columns split it (they add up to it), as the run's page does. */
export function PolicyRunsTable({ org, runs }: { org: string; runs: PolicyRunListRow[] }) {
  if (runs.length === 0) return <p className="empty">No policy run yet. A dry run shows what a run would do without changing anything.</p>;
  const base = `/orgs/${encodeURIComponent(org)}/policies/runs`;
  return (
    <div className="table-wrap">
      <table className="data" data-testid="policy-runs">
        <thead>
          <tr>
            <th scope="col">Run</th><th scope="col">Started</th><th scope="col">Trigger</th><th scope="col">Status</th>
            <th scope="col" className="num" title="Every (grant, rule) match, whatever became of it">Matched</th>
            {OUTCOME_COLUMNS.map((c) => <th key={c.outcome} scope="col" className="num">{c.header}</th>)}
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id} data-run-id={r.id}>
              <td><Link href={`${base}/${r.id}`}>#{r.id}</Link>{r.dryRun && <span className="badge neutral" style={{ marginLeft: 6 }}>dry run</span>}</td>
              <td className="nowrap">{formatDateTime(r.startedAt)}</td>
              <td>{r.trigger}<div className="small muted">{r.actor}</div></td>
              <td>
                <span className={`badge ${r.status === "succeeded" ? "active" : r.status === "failed" ? "bad" : "neutral"}`}>{r.status}</span>
                {r.error && <div className="small" style={{ overflowWrap: "anywhere" }}>{r.error}</div>}
              </td>
              <td className="num" data-col="matches">{formatCount(r.matches)}</td>
              {OUTCOME_COLUMNS.map((c) => <td key={c.outcome} className="num" data-col={c.outcome}>{formatCount(r.counts[c.outcome])}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
