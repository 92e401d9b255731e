// One org's part of the person page: the person's active grants (to the grant page) and SSO
// credentials (to the org's credentials page), and their pending requests.
import type { PersonOrg } from "../../bot/people/verbs.ts";
import { credentialTypeLabel } from "../../model/credentials.ts";
import { formatDate, formatRelative } from "../_lib/format.ts";
import Link from "./link.tsx";
import { RiskBadge } from "./risk-badge.tsx";

const when = (d: Date | null, now: Date, none: string) =>
  d ? <time dateTime={d.toISOString()}>{formatRelative({ date: d, now })}</time> : <span className="muted">{none}</span>;

export function PersonOrgSection({ o, login, now }: { o: PersonOrg; login: string; now: Date }) {
  const org = encodeURIComponent(o.org);
  const empty = o.grants.length + o.credentials.length + o.requests.length === 0;
  return (
    <section className="panel" aria-labelledby={`org-${o.orgId}`} style={{ marginBottom: 16 }} data-org={o.org}>
      <h2 id={`org-${o.orgId}`}><Link href={`/orgs/${org}`}>{o.org}</Link></h2>
      {empty && <p className="muted">Nothing held in {o.org}.</p>}
      {o.credentialsNote && <p className="muted small" data-testid="credentials-note">{o.credentialsNote}</p>}
      {o.grants.length > 0 && (
        <div className="table-wrap" style={{ marginBottom: 12 }}>
          <table className="data" aria-label={`Grants in ${o.org}`}>
            <thead><tr><th scope="col">Grant</th><th scope="col">Risk</th><th scope="col">Permissions</th><th scope="col">Last used</th><th scope="col">Expires</th></tr></thead>
            <tbody>
              {o.grants.map((g) => (
                <tr key={g.id} data-grant-id={g.id}>
                  <td><Link href={`/orgs/${org}/grants/${g.id}`}>{g.name}</Link><div className="muted small">grant {g.id}</div></td>
                  <td><RiskBadge score={g.risk} reasons={g.riskReasons} /></td>
                  <td className="perm-cell">{g.permissions.map((p) => <span key={p} className={`perm ${p.split(":")[1]}`}>{p}</span>)}</td>
                  <td className="nowrap">{when(g.lastUsedAt, now, "never")}</td>
                  <td className="nowrap">{g.expired ? <span className="badge bad">expired</span> : g.expiresAt ? formatDate(g.expiresAt) : <span className="badge bad">no expiry</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {o.credentials.length > 0 && (
        <div className="table-wrap" style={{ marginBottom: 12 }}>
          <table className="data" aria-label={`SSO credentials in ${o.org}`}>
            <thead><tr><th scope="col">Credential</th><th scope="col">Risk</th><th scope="col">Scopes</th><th scope="col">Last eight / fingerprint</th><th scope="col">Accessed</th><th scope="col">Expires</th></tr></thead>
            <tbody>
              {o.credentials.map((c) => (
                <tr key={c.id} data-credential-id={c.id}>
                  <td>
                    <Link href={`/orgs/${org}/credentials?owner=${encodeURIComponent(login)}`}>{credentialTypeLabel(c.type)}</Link>
                    <div className="muted small">{c.title ?? `authorization ${c.id}`}</div>
                  </td>
                  <td><RiskBadge score={c.risk} reasons={c.riskReasons} /></td>
                  <td className="perm-cell">{c.scopes.length ? c.scopes.map((s) => <span key={s} className="perm">{s}</span>) : <span className="muted">none</span>}</td>
                  <td className="nowrap"><code>{c.lastEight ?? c.fingerprint ?? ""}</code></td>
                  <td className="nowrap">{when(c.accessedAt, now, "never")}</td>
                  <td className="nowrap">{c.expiresAt ? formatDate(c.expiresAt) : <span className="badge bad">no expiry</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {o.requests.length > 0 && (
        <ul aria-label={`Pending requests in ${o.org}`}>
          {o.requests.map((r) => (
            <li key={r.id}><Link href={`/orgs/${org}/requests`}>{r.name}</Link> — requested {formatRelative({ date: r.createdAt, now })}: {r.permissions.join(", ")}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
