// What was removed from a person and why, and the audit entries about their grants, credentials
// and membership, newest first.
import type { Person } from "../../bot/people/verbs.ts";
import { REMOVAL_REASON_WORDS } from "../../model/statuses.ts";
import { formatDateTime } from "../_lib/format.ts";

const REASON: Record<string, string> = REMOVAL_REASON_WORDS;

export function PersonHistory({ history }: { history: Person["history"] }) {
  if (history.removed.length === 0 && history.audit.length === 0) {
    return <section className="panel" aria-labelledby="history"><h2 id="history">History</h2><p className="muted">Nothing removed, nothing audited.</p></section>;
  }
  return (
    <section className="panel" aria-labelledby="history">
      <h2 id="history">History</h2>
      {history.removed.length > 0 && (
        <div className="table-wrap" style={{ marginBottom: 12 }}>
          <table className="data" aria-label="Removed grants and credentials">
            <thead><tr><th scope="col">Removed</th><th scope="col">Org</th><th scope="col">What</th><th scope="col">Why</th><th scope="col">By</th></tr></thead>
            <tbody>
              {history.removed.map((r) => (
                <tr key={`${r.org}-${r.kind}-${r.id}`}>
                  <td className="nowrap"><time dateTime={r.removedAt.toISOString()}>{formatDateTime(r.removedAt)}</time></td>
                  <td>{r.org}</td>
                  <td>{r.kind} {r.name} <span className="muted small">{r.id}</span></td>
                  <td>{REASON[r.removalReason ?? ""] ?? r.removalReason ?? "removed"}{r.revokedBy?.reason ? <>: <q>{r.revokedBy.reason}</q></> : null}</td>
                  <td>{r.revokedBy?.actor ?? <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {history.audit.length > 0 && (
        <ol className="timeline" aria-label="Audit entries">
          {history.audit.map((a) => (
            <li key={a.id} style={{ padding: "4px 12px" }}>
              <time dateTime={a.at.toISOString()}>{formatDateTime(a.at)}</time> · {a.org ?? "—"} · <strong>{a.action}</strong> by {a.actor}
              {a.targetType && <span className="muted"> ({a.targetType} {a.targetId})</span>}
              {a.reason && <>: <q>{a.reason}</q></>} <span className={`badge ${a.result === "success" ? "active" : "bad"}`}>{a.result}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
