import Link from "./link.tsx";
import type { GrantSortColumn, SortDirection } from "../../model/grant-filter.ts";
import type { GrantRow } from "../_data/grants.ts";
import { formatDate, formatRelative } from "../_lib/format.ts";
import { sortHref } from "../_lib/grant-url.ts";
import { PageCheckbox, RowCheckbox } from "./selection.tsx";
import { riskTone } from "../../model/risk.ts";
import { readLook } from "../_data/look.ts";
import { DensityToggle } from "./look-toggles.tsx";

const COLUMNS: { key: GrantSortColumn | null; label: string; className?: string }[] = [
  { key: "name", label: "Token" },
  { key: "owner", label: "Owner" },
  { key: "risk", label: "Risk" },
  { key: null, label: "Permissions" },
  { key: "selection", label: "Repositories" },
  { key: "last-used", label: "Last used" },
  { key: "expires", label: "Expires" },
  { key: "granted", label: "Granted" },
];
const MAX_PERMISSIONS = 4;

/** The score as a badge; its reasons (worst first) in the tooltip and for screen readers. */
function Risk({ score, reasons }: { score: number; reasons: GrantRow["riskReasons"] }) {
  const tone = ({ high: "bad", elevated: "paused", low: "neutral" } as const)[riskTone(score)];
  const why = reasons.map((r) => `${r.text} (+${r.points})`).join("; ");
  return <span className={`badge ${tone}`} title={why || "no risk factors"} aria-label={`risk ${score}${why ? `: ${why}` : ""}`}>{score}</span>;
}

function When({ date, now, none }: { date: Date | null; now: Date; none: string }) {
  if (!date) return <span className="muted">{none}</span>;
  return <time dateTime={date.toISOString()} title={date.toISOString()}>{formatDate(date)} <span className="muted small secondary">({formatRelative({ date, now })})</span></time>;
}

/** `selectable`: a checkbox column, inside a SelectionProvider (viewers who may revoke). Compact density (a cookie): one line per grant. */
export async function GrantsTable({ rows, org, params, sort, direction, now, selectable = false }: {
  rows: GrantRow[]; org: string; params: URLSearchParams; sort: GrantSortColumn; direction: SortDirection; now: Date; selectable?: boolean;
}) {
  const base = `/orgs/${encodeURIComponent(org)}/grants`;
  const { density } = await readLook();
  return (
    <>
    <div className="table-tools"><DensityToggle initial={density} /></div>
    <div className="table-wrap">
      <table className="data grants" aria-label="Grants">
        <thead>
          <tr>
            {selectable && <th scope="col" className="select"><PageCheckbox label="Select all grants on this page" /></th>}
            {COLUMNS.map((c) => {
              const active = c.key !== null && c.key === sort;
              return (
                <th key={c.label} scope="col" aria-sort={active ? (direction === "asc" ? "ascending" : "descending") : undefined}>
                  {c.key ? (
                    <Link className="sort-link" href={sortHref({ current: params, column: c.key, sort, direction })}>
                      {c.label} {active ? (direction === "asc" ? "▲" : "▼") : ""}
                    </Link>
                  ) : c.label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((g) => (
            <tr key={g.id} data-grant-id={g.id}>
              {selectable && <td className="select"><RowCheckbox id={g.id} label={`Select ${g.tokenName} of ${g.ownerLogin}`} /></td>}
              <td className="token-cell" title={g.tokenName}><Link href={`${base}/${g.id}`}>{g.tokenName}</Link><div className="muted small secondary">grant {g.id}</div></td>
              <td className="nowrap" data-col="owner">{g.ownerLogin}{g.ownerLeft && <span className="badge bad" style={{ marginLeft: 6 }}>left org</span>}</td>
              <td data-col="risk"><Risk score={g.riskScore} reasons={g.riskReasons} /></td>
              <td className="perm-cell">
                {g.permissions.slice(0, MAX_PERMISSIONS).map((p) => (
                  <span key={`${p.scope}:${p.name}`} className={`perm ${p.level}`}>{p.name}:{p.level}</span>
                ))}
                {g.permissions.length > MAX_PERMISSIONS && <span className="muted small">+{g.permissions.length - MAX_PERMISSIONS} more</span>}
              </td>
              <td>{g.selection === "all" ? "All" : g.selection === "none" ? "Public only" : `${g.repositoryCount ?? "?"} selected`}</td>
              <td><When date={g.lastUsedAt} now={now} none="never" /></td>
              <td>{g.expired ? <span className="badge bad">expired</span> : <When date={g.expiresAt} now={now} none="no expiry" />}</td>
              <td><When date={g.grantedAt} now={now} none="" /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
    </>
  );
}
