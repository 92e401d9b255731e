import Link from "./link.tsx";
import { formatCount, formatDate } from "../_lib/format.ts";
import type { CategoryView } from "../_lib/report-view.ts";

/** Findings per category, each with the grants-table filter that lists the same grants today. */
export function ReportFindings({ org, categories }: { org: string; categories: CategoryView[] }) {
  return (
    <section className="panel" aria-labelledby="findings">
      <h2 id="findings">Findings per category</h2>
      <p className="small muted">Each category links to the grants table with the filter that produced it; it lists the grants as they are now.</p>
      {categories.map((c) => (
        <div key={c.category} data-category={c.category} className="finding-category">
          <h3 style={{ margin: 0 }}>
            {c.label} <span className="muted">{formatCount(c.count)}</span>
            {" · "}<Link href={c.href} className="small">open in grants table</Link>
          </h3>
          {c.filters.length > 1 && <p className="small muted" style={{ margin: 0 }}>The union of {c.filters.length} filters: {c.filters.map((f) => <code key={f} style={{ marginRight: 6 }}>{f}</code>)}; the link opens the first.</p>}
          <details>
          <summary className="small">{c.findings.length === 0 ? "No findings" : `Show ${c.findings.length === c.count ? "the" : `the first ${formatCount(c.findings.length)} of`} ${formatCount(c.count)} finding${c.count === 1 ? "" : "s"}`}</summary>
          {c.findings.length === 0 ? <p className="muted small">none</p> : (
            <table className="data compact">
              <thead><tr><th scope="col">Token</th><th scope="col">Owner</th><th scope="col">Last used</th><th scope="col">Expires</th><th scope="col" className="num">Risk</th></tr></thead>
              <tbody>
                {c.findings.map((f) => (
                  <tr key={f.grantId}>
                    <td><Link href={`/orgs/${encodeURIComponent(org)}/grants/${f.grantId}`}>{f.tokenName}</Link></td>
                    <td>{f.owner}</td>
                    <td>{f.lastUsedAt ? formatDate(new Date(f.lastUsedAt)) : "never"}</td>
                    <td>{f.expiresAt ? formatDate(new Date(f.expiresAt)) : "no expiry"}</td>
                    <td className="num">{f.riskScore}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {c.more > 0 && <p className="small muted">and {formatCount(c.more)} more: download the CSV for all of them.</p>}
          </details>
        </div>
      ))}
    </section>
  );
}
