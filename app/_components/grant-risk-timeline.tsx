import type { GrantDetailView } from "../_data/grants.ts";
import { formatDateTime } from "../_lib/format.ts";
import { riskTone } from "../../model/risk.ts";

const toneOf = (score: number) => ({ high: "bad", elevated: "paused", low: "active" } as const)[riskTone(score)];

/** The grant's risk score with the reasons that add up to it. */
export function GrantRisk({ g }: { g: Pick<GrantDetailView, "riskScore" | "riskReasons" | "openWarnings"> }) {
  return (
    <section className="panel" aria-label="Risk">
      <h3>Risk <span className={`badge ${toneOf(g.riskScore)}`} data-testid="risk-score">{g.riskScore} / 100</span></h3>
      {g.riskReasons.length === 0 ? <p className="muted">No risk factors recorded (scores are computed by each sync and daily).</p> : (
        <table className="data compact">
          <thead><tr><th scope="col">Reason</th><th scope="col" className="num">Points</th></tr></thead>
          <tbody>{g.riskReasons.map((r) => <tr key={r.code}><td>{r.text}</td><td className="num">+{r.points}</td></tr>)}</tbody>
        </table>
      )}
      {g.openWarnings.length > 0 && (
        <>
          <h4 className="small" style={{ margin: "8px 0 4px" }}>Open policy warnings</h4>
          <ul className="plain small">{g.openWarnings.map((w) => <li key={w}>{w}</li>)}</ul>
        </>
      )}
    </section>
  );
}

/** What happened to the grant, oldest first. */
export function GrantTimeline({ g }: { g: Pick<GrantDetailView, "timeline"> }) {
  return (
    <section className="panel" aria-label="Timeline">
      <h3>Timeline</h3>
      {g.timeline.length === 0 ? <p className="muted">No events recorded yet: syncs record changes from now on.</p> : (
        <ol className="timeline" data-testid="timeline">
          {g.timeline.map((e, i) => (
            <li key={i} className={e.tone === "bad" ? "bad" : e.tone === "warn" ? "warn" : undefined} data-kind={e.kind}>
              <strong>{e.title}</strong> <time className="small muted" dateTime={e.at.toISOString()}>{formatDateTime(e.at)}</time>
              {e.lines.map((l, j) => <div key={j} className="small" style={{ overflowWrap: "anywhere" }}>{l}</div>)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
