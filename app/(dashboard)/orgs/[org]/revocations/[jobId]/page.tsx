import type { Metadata } from "next";
import Link from "../../../../../_components/link.tsx";
import { notFound } from "next/navigation";
import { AutoRefresh } from "../../../../../_components/auto-refresh.tsx";
import { JobStatusBadge, ITEM_STATUS_TEXT } from "../../../../../_components/job-status.tsx";
import { Notice } from "../../../../../_components/notice.tsx";
import { OrgHeader } from "../../../../../_components/org-header.tsx";
import { attempt } from "../../../../../_data/attempt.ts";
import { requireOrgAccess } from "../../../../../_data/org-access.ts";
import { getJobPage, parseItemStatuses } from "../../../../../_data/revocation-jobs.ts";
import { requireViewer } from "../../../../../_data/viewer.ts";
import { formatCount, formatDateTime } from "../../../../../_lib/format.ts";
import { toSearchParams, type RawParams } from "../../../../../_lib/grant-url.ts";
import { methodText, partsText } from "../../../../../_lib/job-parts.ts";
import { orgStatus } from "../../../../../_lib/org-status.ts";
import { REVOCATION_ITEM_STATUSES } from "../../../../../../model/statuses.ts";
import { CredentialItemsTable, SelectionText } from "./job-items.tsx";


type Props = { params: Promise<{ org: string; jobId: string }>; searchParams: Promise<RawParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Revocation ${(await params).jobId}` };
}

export default async function RevocationJobPage({ params, searchParams }: Props) {
  const p = await params;
  const org = decodeURIComponent(p.org);
  if (!/^\d{1,15}$/.test(p.jobId)) notFound();
  const current = toSearchParams(await searchParams);
  const base = `/orgs/${encodeURIComponent(org)}/revocations/${p.jobId}`;
  const viewer = await requireViewer({ returnTo: base });
  const checked = await attempt(() => requireOrgAccess({ viewer, org }));
  if (!checked.ok) return <Notice kind="error">{checked.message}</Notice>;
  const gate = checked.value;
  const header = <OrgHeader login={gate.org.login} status={orgStatus(gate.org)} access={gate.access} current="revocations" />;
  const status = parseItemStatuses(current.getAll("status"));
  const cursor = (name: string) => (/^\d{1,18}$/.test(current.get(name) ?? "") ? Number(current.get(name)) : undefined);
  const after = cursor("after");
  const credentialAfter = cursor("cafter");
  const result = await attempt(async () => {
    try {
      return await getJobPage({ viewer, org, jobId: Number(p.jobId), status, after, credentialAfter });
    } catch (error) {
      if ((error as { kind?: string }).kind === "NotFound") return null;
      throw error;
    }
  });
  if (!result.ok) return <>{header}<Notice kind="error">{result.message}</Notice></>;
  if (!result.value) notFound();
  const { job, items, finished, selection, parts, nextAfter, credentialItems, nextCredentialAfter } = result.value;
  const c = job.counts;
  const orgBase = `/orgs/${encodeURIComponent(result.value.login)}`;
  const grantsBase = `${orgBase}/grants`;
  const unit = parts.credentials === 0 ? "grants" : parts.grants === 0 ? "credential authorizations" : "items";
  const statusHref = (s: string | null) => (s ? `${base}?status=${s}` : base);
  const waiting = !finished && !job.running && job.status !== "queued";
  return (
    <>
      {header}
      <AutoRefresh org={result.value.login} version={result.value.version} />
      <p className="small"><Link href={`/orgs/${encodeURIComponent(result.value.login)}/revocations`}>← All revocations</Link></p>
      <div className="page-head" style={{ marginBottom: 8 }}>
        <h2 style={{ fontSize: 20, margin: 0 }}>Revocation #{job.id} <JobStatusBadge status={job.status} running={job.running} /></h2>
      </div>
      <section className="panel" aria-label="Progress" style={{ marginBottom: 16 }}>
        <div aria-live="polite" data-testid="job-progress">
          <p style={{ marginBottom: 6 }}>
            <strong>{formatCount(job.done)}</strong> of {formatCount(job.total)} {unit} done
            {finished ? "." : job.running ? " — running…" : job.status === "queued" ? " — waiting to start…" : "."}
          </p>
          <progress max={job.total} value={job.done} aria-label={`${unit[0]!.toUpperCase()}${unit.slice(1)} done`} style={{ width: "100%" }} />
          <ul className="counts" style={{ marginBottom: 12 }}>
            <li><span className="badge active">{formatCount(c.revoked)}</span> revoked</li>
            <li><span className="badge neutral">{formatCount(c.alreadyGone)}</span> already gone</li>
            <li><span className="badge bad">{formatCount(c.failed)}</span> failed</li>
            <li><span className="badge neutral">{formatCount(c.pending + c.inFlight)}</span> still to do</li>
          </ul>
        </div>
        {job.lastError && <Notice kind="error">{waiting ? `This job is paused: ${job.lastError}. patwarden resumes unfinished jobs in the background; nothing is sent twice.` : `Last problem: ${job.lastError}`}</Notice>}
        <dl className="facts">
          <dt>Requested by</dt><dd>{job.requestedBy} on {formatDateTime(job.createdAt)}</dd>
          <dt>Reason</dt><dd className="reason">{job.reason}</dd>
          <dt>Removes</dt><dd data-testid="job-parts">{partsText(parts)}</dd>
          <dt>Selection</dt>
          <dd data-testid="job-selection"><SelectionText selection={selection} orgBase={orgBase} total={job.total} /></dd>
          <dt>Method</dt><dd data-testid="job-method">{methodText(parts, job.method)}</dd>
          {job.finishedAt && <><dt>Finished</dt><dd>{formatDateTime(job.finishedAt)}</dd></>}
        </dl>
      </section>
      <nav className="subnav" aria-label="Outcomes">
        <Link href={statusHref(null)} aria-current={status.length === 0 ? "page" : undefined}>All</Link>
        {REVOCATION_ITEM_STATUSES.map((s) => (
          <Link key={s} href={statusHref(s)} aria-current={status.length === 1 && status[0] === s ? "page" : undefined}>{ITEM_STATUS_TEXT[s]}</Link>
        ))}
      </nav>
      {items.length === 0 && credentialItems.length === 0 && <div className="panel empty"><p>No {parts.credentials === 0 ? "grants" : parts.grants === 0 ? "credential authorizations" : "grants or credential authorizations"} with this outcome.</p></div>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table className="data" aria-label="Outcome per grant">
            <thead><tr><th scope="col">Grant</th><th scope="col">Token</th><th scope="col">Owner</th><th scope="col">Outcome</th><th scope="col">Detail</th></tr></thead>
            <tbody>
              {items.map((it) => (
                <tr key={it.grantId} data-item-status={it.status}>
                  <td><Link href={`${grantsBase}/${it.grantId}`}>{it.grantId}</Link></td>
                  <td>{it.tokenName}</td>
                  <td>{it.ownerLogin}</td>
                  <td>{ITEM_STATUS_TEXT[it.status]}</td>
                  <td className="small">{it.error ?? (it.attempts > 1 ? `${it.attempts} attempts` : "")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {credentialItems.length > 0 && <CredentialItemsTable items={credentialItems} />}
      {(credentialAfter !== undefined || nextCredentialAfter !== null) && (
        <nav className="pager" aria-label="Credential pages">
          {credentialAfter !== undefined ? <Link className="button" href={statusHref(status[0] ?? null)}>First credentials</Link> : <span className="button" aria-disabled>First credentials</span>}
          {nextCredentialAfter !== null
            ? <Link className="button" href={`${base}?${new URLSearchParams([...status.map((s) => ["status", s]), ["cafter", String(nextCredentialAfter)]]).toString()}`}>Next credentials</Link>
            : <span className="button" aria-disabled>Next credentials</span>}
        </nav>
      )}
      {(after !== undefined || nextAfter !== null) && (
        <nav className="pager" aria-label="Pages">
          {after !== undefined ? <Link className="button" href={statusHref(status[0] ?? null)}>First page</Link> : <span className="button" aria-disabled>First page</span>}
          {nextAfter !== null
            ? <Link className="button" rel="next" href={`${base}?${new URLSearchParams([...status.map((s) => ["status", s]), ["after", String(nextAfter)]]).toString()}`}>Next</Link>
            : <span className="button" aria-disabled>Next</span>}
        </nav>
      )}
    </>
  );
}
