// The job page's parts that differ by what the job removes: the selection in words per kind, and
// the per-credential outcome table beside the per-grant one.
import Link from "../../../../../_components/link.tsx";
import { ITEM_STATUS_TEXT } from "../../../../../_components/job-status.tsx";
import type { JobCredentialRow } from "../../../../../_data/revocation-jobs.ts";
import { formatCount } from "../../../../../_lib/format.ts";
import { credentialTypeLabel } from "../../../../../../model/credentials.ts";
import { credentialName, readableQuery } from "../../../../../_lib/job-parts.ts";
import type { RevocationSelection } from "../../../../../../model/statuses.ts";

export function SelectionText({ selection, orgBase, total }: { selection: RevocationSelection; orgBase: string; total: number }) {
  switch (selection.kind) {
    case "ids":
      return <>{formatCount(total)} selected grants</>;
    case "filter":
      return <>every active grant matching <Link href={`${orgBase}/grants?${selection.query}`}><code>{readableQuery(selection.query) || "(no filter)"}</code></Link> when it started</>;
    case "credentials": {
      const shown = selection.ids.slice(0, 10).join(", ");
      return <>credential ids {shown}{selection.ids.length > 10 ? ` and ${formatCount(selection.ids.length - 10)} more` : ""}</>;
    }
    case "credential_filter":
      return <>credentials matching <Link href={`${orgBase}/credentials?${selection.query}`}><code>{readableQuery(selection.query) || "(no filter)"}</code></Link> when it started</>;
    case "offboarding":
      return <>offboarding of <Link href={`/people/${encodeURIComponent(selection.login)}`}>{selection.login}</Link> (#{selection.offboardingId}): their grants and SSO credential authorizations in this org</>;
  }
}

export function CredentialItemsTable({ items }: { items: JobCredentialRow[] }) {
  return (
    <div className="table-wrap" style={{ marginTop: 16 }}>
      <table className="data" aria-label="Outcome per SSO credential authorization">
        <thead><tr><th scope="col">Kind</th><th scope="col">Owner</th><th scope="col">Credential</th><th scope="col">Authorization id</th><th scope="col">Outcome</th><th scope="col">Detail</th></tr></thead>
        <tbody>
          {items.map((it) => (
            <tr key={it.credentialId} data-credential-id={it.credentialId} data-item-status={it.status}>
              <td>{credentialTypeLabel(it.credentialType)}</td>
              <td>{it.login}</td>
              <td>{credentialName(it)}</td>
              <td>{it.credentialId}</td>
              <td>{ITEM_STATUS_TEXT[it.status]}</td>
              <td className="small">{it.error ?? (it.attempts > 1 ? `${it.attempts} attempts` : "")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
