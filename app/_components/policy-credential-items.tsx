import type { PolicyCredentialRunItem } from "../../bot/policies/verbs.ts";
import { POLICY_OUTCOMES, type PolicyOutcome } from "../../model/statuses.ts";
import { formatCount } from "../_lib/format.ts";
import { outcomeText } from "../_lib/policy-view.ts";

const TONE: Record<string, string> = { matched: "neutral", notified: "paused", revoked: "bad", skipped: "neutral", excepted: "active" };

/** A run's SSO credential items, grouped by rule; or why the run skipped credential rules. */
export function PolicyCredentialItems({ items, total, dryRun, skippedReason }: {
  items: PolicyCredentialRunItem[]; total: number; dryRun: boolean; skippedReason: string | null;
}) {
  const rules = [...new Set(items.map((i) => i.rule))];
  return (
    <section className="panel" aria-labelledby="credential-items" style={{ marginBottom: 16 }}>
      <h3 id="credential-items">SSO credentials</h3>
      {skippedReason && <p data-testid="credential-skipped">{skippedReason}.</p>}
      {!skippedReason && items.length === 0 && <p className="muted">No credential matched any credential rule.</p>}
      {total > items.length && <p className="small">Showing the first {formatCount(items.length)} of {formatCount(total)} credential items.</p>}
      {rules.map((rule) => {
        const list = items.filter((i) => i.rule === rule);
        const counts = Object.fromEntries(POLICY_OUTCOMES.map((o) => [o, list.filter((i) => i.outcome === o).length])) as Record<PolicyOutcome, number>;
        return (
          <div key={rule} data-credential-rule={rule} style={{ marginTop: 12 }}>
            <h4><code>{rule}</code> <span className="muted small">mode {list[0]!.mode}</span></h4>
            <ul className="counts small">
              {POLICY_OUTCOMES.filter((o) => counts[o] > 0).map((o) => <li key={o}>{outcomeText(o, dryRun)}: <strong>{formatCount(counts[o])}</strong></li>)}
            </ul>
            <div className="table-wrap" style={{ marginTop: 8 }}>
              <table className="data compact">
                <thead><tr><th scope="col">Credential</th><th scope="col" className="num">Id</th><th scope="col">Owner</th><th scope="col">Outcome</th><th scope="col">Why</th></tr></thead>
                <tbody>
                  {list.map((i) => (
                    <tr key={i.credentialId} data-credential-id={i.credentialId}>
                      <td>{i.label}</td>
                      <td className="num">{i.credentialId}</td>
                      <td>{i.login}</td>
                      <td><span className={`badge ${TONE[i.outcome] ?? "neutral"}`}>{outcomeText(i.outcome, dryRun)}</span></td>
                      <td className="reason">{i.detail ?? ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        );
      })}
    </section>
  );
}
