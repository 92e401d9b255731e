import type { PolicyConfig } from "../../bot/policies/config.ts";
import { describeCredentialRule, type CredentialException } from "../../bot/policies/credential-rules.ts";
import { exceptionHolds } from "../../bot/policies/evaluate.ts";
import { CREDENTIAL_KIND_LABELS } from "../../model/credentials.ts";
import type { PolicyOutcome } from "../../model/statuses.ts";
import { formatCount } from "../_lib/format.ts";

/** What the latest run recorded for credentials (its summary's `credentials`). */
export type CredentialRunView = { id: number; skippedReason: string | null; perRule: Record<string, Record<PolicyOutcome, number>> };

/** The credential part of a recorded run's summary (absent in runs from before credential rules). */
export function credentialRunView(run: { id: number; summary: Record<string, unknown> | null }): CredentialRunView | undefined {
  const c = run.summary?.credentials as { skippedReason?: string | null; perRule?: CredentialRunView["perRule"] } | undefined;
  return c ? { id: run.id, skippedReason: c.skippedReason ?? null, perRule: c.perRule ?? {} } : undefined;
}

const subject = (e: CredentialException) =>
  e.login !== undefined ? `owner ${e.login}` : e.credentialId !== undefined ? `credential ${e.credentialId}` : `every ${CREDENTIAL_KIND_LABELS[e.type!]}`;

/**
 * The credential rules (SSO credential authorizations: classic PATs, SSH keys, OAuth and App
 * tokens) with their exceptions and the latest run's matches; or why that run skipped them.
 */
export function PolicyCredentialRules({ config, now, lastRun }: { config: PolicyConfig; now: Date; lastRun?: CredentialRunView }) {
  const rules = config.credentialRules;
  return (
    <>
      {lastRun?.skippedReason && <p className="small" data-testid="credential-rules-skipped">Run #{lastRun.id}: {lastRun.skippedReason}.</p>}
      {rules.length === 0 ? <p className="muted">No credential rules.</p> : (
        <div className="table-wrap">
          <table className="data" aria-label="Credential rules">
            <thead><tr><th scope="col">Rule</th><th scope="col">Matches a credential when</th><th scope="col">Latest run{lastRun ? ` (#${lastRun.id})` : ""}</th><th scope="col">Mode</th><th scope="col" className="num">Grace</th><th scope="col">Exceptions</th></tr></thead>
            <tbody>
              {rules.map((r) => {
                const counts = lastRun?.perRule[r.id];
                const matches = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : null;
                return (
                  <tr key={r.id} data-credential-rule={r.id}>
                    <td><code>{r.id}</code><div className="small muted">{r.type}</div></td>
                    <td>{describeCredentialRule(r)}</td>
                    <td data-col="last-run">{matches === null ? <span className="muted">—</span> : `${formatCount(matches)} credential${matches === 1 ? "" : "s"}`}</td>
                    <td><span className={`badge ${r.mode === "revoke" ? "bad" : r.mode === "notify" ? "paused" : "neutral"}`}>{r.mode}</span></td>
                    <td className="num">{r.mode === "report" ? <span className="muted">—</span> : `${r.graceDays} days`}</td>
                    <td>
                      {r.exceptions.length === 0 ? <span className="muted">none</span> : (
                        <ul className="plain">
                          {r.exceptions.map((e, i) => (
                            <li key={i}>
                              {subject(e)} until {e.until}{!exceptionHolds(e.until, now) && <span className="badge bad" style={{ marginLeft: 6 }}>expired</span>}
                              <div className="small muted">{e.reason}</div>
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
