import type { JobRow } from "../_lib/job-rows.ts";
import { formatDateTime, formatRelative } from "../_lib/format.ts";

const at = (d: Date | null, now: Date, none: string) =>
  d ? <time dateTime={d.toISOString()} title={formatDateTime(d)}>{formatRelative({ date: d, now })}</time> : <span className="muted">{none}</span>;

/** One row per scheduled job; a failure's error opens under its outcome (details/summary: keyboard and no-JS friendly). */
export function JobTable({ jobs, org, now }: { jobs: JobRow[]; org: string; now: Date }) {
  return (
    <table className="data compact" data-testid="job-states" aria-label={`Scheduled jobs for ${org}`}>
      <thead><tr><th scope="col">Job</th><th scope="col">Last run</th><th scope="col">Outcome</th><th scope="col">Next run</th></tr></thead>
      <tbody>
        {jobs.map((j) => (
          <tr key={j.job} data-job={j.job}>
            <th scope="row" style={{ position: "static", background: "none", color: "var(--text)" }}>{j.label}</th>
            <td>{at(j.lastStartedAt, now, "never")}</td>
            <td>
              {j.outcome ? <span className={`badge ${j.tone}`}>{j.outcome}</span> : <span className="muted">—</span>}
              {j.error && (
                <details className="small">
                  <summary>error</summary>
                  <span style={{ overflowWrap: "anywhere" }}>{j.error}</span>
                </details>
              )}
            </td>
            <td>{at(j.nextRunAt, now, "not scheduled")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
