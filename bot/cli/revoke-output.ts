// What `patwarden revoke` prints: the preview, per-grant outcomes and the summary, in each format.
import type { RevocationItem, RevocationJobView, RevocationPreview } from "../revoke/verbs.ts";
import type { RevocationCredentialItem } from "../revoke/credential-verbs.ts";
import type { OutputFormat } from "./args.ts";
import { overlapState } from "../revoke/overlap.ts";
import { formatRows, isoOrNull, shortDate } from "./format.ts";
import { plural } from "../../model/words.ts";

export function previewJson(p: RevocationPreview) {
  return {
    org: p.org.login, count: p.count, batches: p.batches, owners: p.owners,
    sample: p.sample.map((g) => ({ id: g.id, token_id: g.tokenId, name: g.tokenName, owner: g.owner, token_last_used_at: isoOrNull(g.lastUsedAt), token_expires_at: isoOrNull(g.expiresAt) })),
    unknown: p.unknown, duplicates: p.duplicates, already_removed: p.alreadyRemoved, too_many: p.tooMany, max: p.max,
    confirm_org_name: p.confirmOrgName,
    overlapping_jobs: p.overlapping.map((j) => ({ id: j.id, state: overlapState(j), overlap: j.overlap, left: j.left, total: j.total })),
  };
}
export type PreviewJson = ReturnType<typeof previewJson>;

/** A human preview, from the JSON shape (the same facts a --format json dry run prints). */
export function describePreview(p: PreviewJson): string {
  const lines = [
    `Would revoke ${plural(p.count, "active grant")} of ${p.org} in ${plural(p.batches, "bulk call")} (at most 100 grants each).`,
  ];
  if (p.owners.length) {
    const shown = p.owners.slice(0, 10).map((o) => `${o.login} (${o.count})`).join(", ");
    lines.push(`Owners (${p.owners.length}): ${shown}${p.owners.length > 10 ? `, and ${p.owners.length - 10} more` : ""}`);
  }
  if (p.sample.length) {
    lines.push(`Sample (${p.sample.length} of ${p.count}):`);
    for (const g of p.sample) {
      lines.push(`  ${g.id}  ${g.owner}  ${g.name}  last used ${g.token_last_used_at?.slice(0, 10) ?? "never"}`);
    }
  }
  if (p.unknown.length) lines.push(`Not grants of ${p.org}: ${p.unknown.join(", ")}`);
  if (p.duplicates.length) lines.push(`Listed more than once: ${p.duplicates.join(", ")}`);
  if (p.already_removed.length) lines.push(`No longer active: ${p.already_removed.join(", ")}`);
  for (const j of p.overlapping_jobs) {
    lines.push(`${j.overlap} of these grants belong to revocation job ${j.id} (${j.state}, ${j.left} of ${j.total} left): \`patwarden revoke --org ${p.org} --job ${j.id}\``);
  }
  if (p.too_many) lines.push(`That is more than the ${p.max} one job may revoke (--max).`);
  return `${lines.join("\n")}\n`;
}

export function formatOutcomes({ format, job, items, credentials = [] }: {
  format: OutputFormat; job: RevocationJobView; items: RevocationItem[]; credentials?: RevocationCredentialItem[];
}): string {
  if (format === "json") {
    return `${JSON.stringify({
      job: {
        id: job.id, org: job.orgLogin, status: job.status, reason: job.reason, requested_by: job.requestedBy, total: job.total,
        revoked: job.counts.revoked, already_gone: job.counts.alreadyGone, failed: job.counts.failed,
        pending: job.counts.pending + job.counts.inFlight, last_error: job.lastError,
        created_at: isoOrNull(job.createdAt), finished_at: isoOrNull(job.finishedAt),
      },
      grants: items.map((i) => ({ id: i.grantId, token_id: i.tokenId, name: i.tokenName, owner: i.ownerLogin, outcome: i.status, attempts: i.attempts, error: i.lastError })),
      ...(credentials.length ? {
        credentials: credentials.map((c) => ({
          credential_id: c.credentialId, login: c.login, type: c.credentialType, last_eight: c.tokenLastEight, title: c.title, outcome: c.status, attempts: c.attempts, error: c.lastError,
        })),
      } : {}),
    }, null, 2)}\n`;
  }
  return formatRows({
    format,
    rows: items,
    json: (i) => i,
    columns: [
      { header: format === "csv" ? "id" : "ID", value: (i) => i.grantId },
      { header: format === "csv" ? "owner" : "Owner", value: (i) => i.ownerLogin },
      { header: format === "csv" ? "name" : "Token", value: (i) => i.tokenName },
      { header: format === "csv" ? "outcome" : "Outcome", value: (i) => (i.status === "pending" || i.status === "in_flight" ? `not finished (${i.status})` : i.status) },
      { header: format === "csv" ? "error" : "Error", value: (i) => i.lastError },
    ],
  });
}

export function describeJob(job: RevocationJobView): string {
  const c = job.counts;
  const left = c.pending + c.inFlight;
  const parts = [`${c.revoked} revoked`, `${c.alreadyGone} already gone`, `${c.failed} failed`, ...(left ? [`${left} not finished`] : [])];
  const when = job.finishedAt ? ` at ${shortDate(job.finishedAt)}` : "";
  return `${job.orgLogin}: revocation job ${job.id} ${job.status}${when}: ${parts.join(", ")} of ${job.total}${job.lastError ? ` (${job.lastError})` : ""}`;
}
