import type { RevocationItemStatus, RevocationJobStatus } from "../../model/statuses.ts";

export const ITEM_STATUS_TEXT: Record<RevocationItemStatus, string> = {
  pending: "Pending",
  in_flight: "Sent, awaiting answer",
  revoked: "Revoked",
  already_gone: "Already gone",
  failed: "Failed",
};

const JOB_TEXT: Record<RevocationJobStatus, { text: string; className: string }> = {
  queued: { text: "queued", className: "neutral" },
  running: { text: "running", className: "paused" },
  succeeded: { text: "succeeded", className: "active" },
  failed: { text: "failed", className: "bad" },
  dry_run: { text: "dry run", className: "neutral" },
};

/** A running job without a live runner is waiting for a resume (rate limit, outage, restart). */
export function JobStatusBadge({ status, running }: { status: RevocationJobStatus; running?: boolean }) {
  const s = status === "running" && running === false ? { text: "paused, will resume", className: "paused" } : JOB_TEXT[status];
  return <span className={`badge ${s.className}`} style={{ verticalAlign: "middle" }} data-job-status={status}>{s.text}</span>;
}
