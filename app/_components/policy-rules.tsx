import type { PolicyConfig } from "../../bot/policies/config.ts";
import type { RuleScope } from "../_lib/policy-counts.ts";
import { describeRequestRule, describeRule } from "../_lib/policy-view.ts";

const MODE_TEXT: Record<string, string> = { report: "report only", notify: "warn the owner", revoke: "warn, then revoke after the grace period" };

/**
 * The effective rules with their exceptions (expired ones flagged) and what the latest run counted
 * (beside the category's count where they differ), then the request auto-review rules.
 */
export function PolicyRules({ config, now, lastRun }: { config: PolicyConfig; now: Date; lastRun?: { id: number; scopes: Map<string, RuleScope> } }) {
  const rules = config.rules.map((r) => describeRule(r, now));
  return (
    <>
      {rules.length === 0 ? <p className="muted">No rules: runs find nothing.</p> : (
        <div className="table-wrap">
          <table className="data" aria-label="Rules">
            <thead><tr><th scope="col">Rule</th><th scope="col">Matches a grant when</th><th scope="col">Latest run{lastRun ? ` (#${lastRun.id})` : ""}</th><th scope="col">Mode</th><th scope="col" className="num">Grace</th><th scope="col">Exceptions</th></tr></thead>
            <tbody>
              {rules.map((r) => (
                <tr key={r.id} data-rule={r.id}>
                  <td><code>{r.id}</code><div className="small muted">{r.label}</div></td>
                  <td>{r.condition}<div className="small muted">{r.note}</div></td>
                  <td data-col="last-run">{lastRun?.scopes.get(r.id)?.text ?? <span className="muted">—</span>}</td>
                  <td><span className={`badge ${r.mode === "revoke" ? "bad" : r.mode === "notify" ? "paused" : "neutral"}`}>{r.mode}</span><div className="small muted">{MODE_TEXT[r.mode]}</div></td>
                  <td className="num">{r.mode === "report" ? <span className="muted">—</span> : `${r.graceDays} days`}</td>
                  <td>
                    {r.exceptions.length === 0 ? <span className="muted">none</span> : (
                      <ul className="plain">
                        {r.exceptions.map((e, i) => (
                          <li key={i}>
                            {e.subject} until {e.until}{e.expired && <span className="badge bad" style={{ marginLeft: 6 }}>expired</span>}
                            <div className="small muted">{e.reason}</div>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3 style={{ marginTop: 16 }}>Request auto-review</h3>
      {config.requests.deny.length + config.requests.approve.length === 0 ? (
        <p className="muted">No auto-review rules: every request waits for a person.</p>
      ) : (
        <ol className="request-rules">
          {config.requests.deny.map((r, i) => <li key={`d${i}`}><span className="badge bad">deny</span> when {describeRequestRule(r)} — <span className="muted">“{r.reason}”</span></li>)}
          {config.requests.approve.map((r, i) => <li key={`a${i}`}><span className="badge active">approve</span> when {describeRequestRule(r)} — <span className="muted">“{r.reason}”</span></li>)}
        </ol>
      )}
      <p className="small muted">Deny rules are checked first; the first rule that matches decides; anything unmatched waits for a person.</p>
    </>
  );
}
