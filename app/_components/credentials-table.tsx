// The credentials table: sortable headers (links that keep the filter), scopes as chips with the
// broad ones highlighted (admin and write tiers of model/credential-scopes.ts), a risk badge whose
// reasons are in its tooltip, each row linking to its detail. `selectable` adds the checkbox column
// for the selection (app/_components/selection.tsx) that a bulk action bar above it reads.
import Link from "./link.tsx";
import { credentialDefaultDirection, type CredentialSortColumn, type SortDirection } from "../../model/credential-filter.ts";
import { riskTone } from "../../model/risk.ts";
import type { CredentialRow } from "../_data/credentials.ts";
import { formatDate, formatRelative } from "../_lib/format.ts";
import { withParams } from "../_lib/grant-url.ts";
import { PageCheckbox, RowCheckbox } from "./selection.tsx";

const COLUMNS: { key: CredentialSortColumn | null; label: string }[] = [
  { key: "type", label: "Type" },
  { key: "owner", label: "Owner" },
  { key: "risk", label: "Risk" },
  { key: null, label: "Scopes" },
  { key: null, label: "Key" },
  { key: null, label: "Title / note" },
  { key: "authorized", label: "Authorized" },
  { key: "accessed", label: "Last accessed" },
  { key: "expires", label: "Expires" },
];
const MAX_SCOPES = 4;

export function CredentialRisk({ score, reasons }: { score: number; reasons: CredentialRow["riskReasons"] }) {
  const tone = ({ high: "bad", elevated: "paused", low: "neutral" } as const)[riskTone(score)];
  const why = reasons.map((r) => `${r.text} (+${r.points})`).join("; ");
  return <span className={`badge ${tone}`} title={why || "no risk factors"} aria-label={`risk ${score}${why ? `: ${why}` : ""}`}>{score}</span>;
}

export function ScopeChips({ scopes, max = Infinity }: { scopes: CredentialRow["scopes"]; max?: number }) {
  if (scopes.length === 0) return <span className="muted">none</span>;
  return (
    <>
      {scopes.slice(0, max).map((s) => <span key={s.name} className={`perm ${s.tier}`} data-tier={s.tier} title={s.tier === "read" ? undefined : `${s.tier}: a broad scope`}>{s.name}</span>)}
      {scopes.length > max && <span className="muted small">+{scopes.length - max} more</span>}
    </>
  );
}

export function When({ date, now, none }: { date: Date | null; now: Date; none: string }) {
  if (!date) return <span className="muted">{none}</span>;
  return <time dateTime={date.toISOString()} title={date.toISOString()}>{formatDate(date)} <span className="muted small secondary">({formatRelative({ date, now })})</span></time>;
}

/** "SHA256:+i2baqmpPC8O…": a whole fingerprint (50 characters) would crowd the dates out; the cell's title has it all. */
const shortFingerprint = (f: string | null) => (f === null ? "" : f.length > 20 ? `${f.slice(0, 19)}…` : f);

/** Clicking a header: sort by it in its natural direction, or flip when already sorted by it. */
function sortHref({ params, column, sort, direction }: { params: URLSearchParams; column: CredentialSortColumn; sort: CredentialSortColumn; direction: SortDirection }) {
  const dir = column === sort ? (direction === "asc" ? "desc" : "asc") : credentialDefaultDirection(column);
  return withParams(params, { sort: column, direction: dir });
}

export function CredentialsTable({ rows, org, params, sort, direction, now, selectable = false }: {
  rows: CredentialRow[]; org: string; params: URLSearchParams; sort: CredentialSortColumn; direction: SortDirection; now: Date; selectable?: boolean;
}) {
  const base = `/orgs/${encodeURIComponent(org)}/credentials`;
  return (
    <div className="table-wrap">
      <table className="data credentials" aria-label="Credentials">
        <thead>
          <tr>
            {selectable && <th scope="col" className="select"><PageCheckbox label="Select all credentials on this page" /></th>}
            {COLUMNS.map((c) => {
              const active = c.key !== null && c.key === sort;
              return (
                <th key={c.label} scope="col" aria-sort={active ? (direction === "asc" ? "ascending" : "descending") : undefined}>
                  {c.key ? <Link className="sort-link" href={sortHref({ params, column: c.key, sort, direction })}>{c.label} {active ? (direction === "asc" ? "▲" : "▼") : ""}</Link> : c.label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.id} data-credential-id={c.id}>
              {selectable && <td className="select"><RowCheckbox id={c.id} label={`Select ${c.kindLabel} ${c.id} of ${c.login}`} /></td>}
              <td className="nowrap"><Link href={`${base}/${c.id}`}>{c.kindLabel}</Link><div className="muted small secondary">id {c.id}</div></td>
              <td className="nowrap" data-col="owner">{c.login}{c.ownerLeft && <span className="badge bad" style={{ marginLeft: 6 }}>left org</span>}</td>
              <td data-col="risk"><CredentialRisk score={c.riskScore} reasons={c.riskReasons} /></td>
              <td className="perm-cell" data-col="scopes"><ScopeChips scopes={c.scopes} max={MAX_SCOPES} /></td>
              <td className="nowrap"><code className="small" title={c.fingerprint ?? undefined}>{c.lastEight ? `…${c.lastEight}` : shortFingerprint(c.fingerprint)}</code></td>
              <td className="muted small">{c.title ?? c.note ?? ""}</td>
              <td><When date={c.authorizedAt} now={now} none="" /></td>
              <td><When date={c.accessedAt} now={now} none="never" /></td>
              <td>{c.expired ? <span className="badge bad">expired</span> : <When date={c.expiresAt} now={now} none="no expiry" />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
