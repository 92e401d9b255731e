import type { RequestRow } from "../_data/requests.ts";
import { formatDate, formatRelative } from "../_lib/format.ts";
import { RiskBadge } from "./risk-badge.tsx";
import { PageCheckbox, RowCheckbox } from "./selection.tsx";

const MAX_PERMISSIONS = 6;
/** Up to this many repositories show as they are; more fold into a list that opens. */
const REPOSITORIES_SHOWN = 5;

function RepositoryList({ names }: { names: string[] }) {
  return <ul style={{ listStyle: "none", margin: 0, padding: 0 }}>{names.map((name) => <li key={name} className="nowrap">{name}</li>)}</ul>;
}

/** Every repository asked for: short lists in full, long ones behind "all N repositories". */
function Repositories({ r }: { r: RequestRow }) {
  if (r.selection === "all") return <>All repositories</>;
  if (r.selection === "none") return <>Public repositories only</>;
  const count = r.repositoryCount ?? r.repositories.length;
  if (r.repositories.length === 0) return <span className="muted">{r.repositoryCount ?? "?"} selected</span>;
  // GitHub lists a request's repositories separately; until a sync reads them all, say how many are missing.
  const unread = count - r.repositories.length;
  return (
    <>
      {r.repositories.length <= REPOSITORIES_SHOWN ? <RepositoryList names={r.repositories} /> : (
        <details data-testid="request-repositories">
          <summary>All {r.repositories.length} repositories</summary>
          <RepositoryList names={r.repositories} />
        </details>
      )}
      {unread > 0 && <span className="muted small">{unread} more not read yet</span>}
    </>
  );
}

/** Pending requests; `selectable` adds checkboxes (inside a SelectionProvider) for reviewers. */
export function RequestsTable({ rows, now, selectable = false }: { rows: RequestRow[]; now: Date; selectable?: boolean }) {
  return (
    <div className="table-wrap">
      <table className="data" aria-label="Pending requests">
        <thead>
          <tr>
            {selectable && <th scope="col" className="select"><PageCheckbox label="Select all requests" /></th>}
            <th scope="col">Token</th>
            <th scope="col">Owner</th>
            <th scope="col">Risk</th>
            <th scope="col">Reason given</th>
            <th scope="col">Permissions</th>
            <th scope="col">Repositories</th>
            <th scope="col">Expires</th>
            <th scope="col">Requested</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-request-id={r.id}>
              {selectable && <td className="select"><RowCheckbox id={r.id} label={`Select ${r.tokenName} of ${r.ownerLogin}`} /></td>}
              <td>{r.tokenName}<div className="muted small">request {r.id}</div></td>
              <td className="nowrap">{r.ownerLogin}</td>
              <td><RiskBadge score={r.risk.score} reasons={r.risk.reasons} /></td>
              <td className="reason">{r.reason ?? <span className="muted">none given</span>}</td>
              <td className="perm-cell">
                {r.permissions.slice(0, MAX_PERMISSIONS).map((p) => <span key={`${p.scope}:${p.name}`} className={`perm ${p.level}`}>{p.name}:{p.level}</span>)}
                {r.permissions.length > MAX_PERMISSIONS && <span className="muted small">+{r.permissions.length - MAX_PERMISSIONS} more</span>}
                {r.permissions.length === 0 && <span className="muted">none</span>}
              </td>
              <td><Repositories r={r} /></td>
              <td className="nowrap">
                {r.expired ? <span className="badge bad">expired</span> : r.expiresAt
                  ? <time dateTime={r.expiresAt.toISOString()}>{formatDate(r.expiresAt)} <span className="muted small">({formatRelative({ date: r.expiresAt, now })})</span></time>
                  : <span className="badge bad" title="The token never expires">no expiry</span>}
              </td>
              <td className="nowrap"><time dateTime={r.createdAt.toISOString()}>{formatRelative({ date: r.createdAt, now })}</time></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
