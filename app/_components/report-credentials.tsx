import type { ReportDocument } from "../../bot/reports/document.ts";
import { CREDENTIAL_FINDING_CATEGORIES } from "../../bot/reports/document.ts";
import { CREDENTIAL_CATEGORY_TITLES } from "../../bot/reports/render-md-credentials.ts";
import { formatCount, formatDateTime } from "../_lib/format.ts";

const SHOWN = 25;

/** A report's SSO credential section: "not available" for an org without the source, else counts, the first rows per category and removals. */
export function ReportCredentials({ section }: { section: NonNullable<ReportDocument["credentials"]> }) {
  return (
    <section className="panel" aria-labelledby="credentials" style={{ marginTop: 16 }} data-testid="report-credentials">
      <h2 id="credentials">SSO credential authorizations</h2>
      {!section.available || !section.counts ? (
        <p data-testid="credentials-not-available">Not available: {section.note}. No credential findings can be reported for this org (this is not a count of zero).</p>
      ) : (
        <>
          <p className="small muted">{formatCount(section.activeCredentials ?? 0)} active, {formatCount(section.credentialsWithFindings ?? 0)} with at least one finding. Idle after {section.thresholds.idleDays} days; broad scopes: {section.thresholds.broadScopes.join(", ")}.</p>
          {CREDENTIAL_FINDING_CATEGORIES.map((c) => {
            const list = section.findings.filter((f) => f.category === c);
            return (
              <details key={c} data-credential-category={c}>
                <summary>{CREDENTIAL_CATEGORY_TITLES[c]} ({formatCount(section.counts![c])})</summary>
                {list.length > 0 && (
                  <table className="data compact">
                    <thead><tr><th scope="col">Credential</th><th scope="col" className="num">Id</th><th scope="col">Owner</th><th scope="col">Scopes</th><th scope="col" className="num">Risk</th></tr></thead>
                    <tbody>{list.slice(0, SHOWN).map((f) => <tr key={f.credentialId}><td>{f.label}</td><td className="num">{f.credentialId}</td><td>{f.login}</td><td>{f.scopes.join(" ")}</td><td className="num">{f.riskScore}</td></tr>)}</tbody>
                  </table>
                )}
                {list.length > SHOWN && <p className="small muted">and {formatCount(list.length - SHOWN)} more (in the CSV and JSON downloads)</p>}
              </details>
            );
          })}
        </>
      )}
      <h3>Removed by patwarden in the period ({formatCount(section.removals.length)})</h3>
      {section.removals.length === 0 ? <p className="muted small">none</p> : (
        <ul className="plain small">{section.removals.slice(0, 50).map((r) => <li key={r.credentialId}>{formatDateTime(new Date(r.removedAt))}: {r.label} ({r.credentialId}, {r.login})</li>)}</ul>
      )}
    </section>
  );
}
