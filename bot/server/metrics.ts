// GET /metrics in the Prometheus text format, read from the database at scrape time.
import type { Db } from "../../db/client.ts";
import {
  countActiveGrantsPerOrg, countQueuedJobsByState, countRevocationItemsByStatus, countRevocationJobsByStatus,
  countSyncRunsByStatus, listLastSyncPerOrg, listRateLimitRemaining, sumSyncRunTotals,
} from "../../db/queries/metrics.ts";
import { countDeliveriesByOutcome } from "../../db/queries/webhook-deliveries.ts";

/** `name` suffixes the family name (a summary's _sum and _count). */
export type Sample = { name?: string; labels: Record<string, string | number>; value: number };

const escapeLabel = (v: string | number) => String(v).replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');

function family(name: string, type: "gauge" | "counter" | "summary", help: string, samples: Sample[]): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
  for (const s of samples) {
    const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",");
    lines.push(`${name}${s.name ?? ""}${labels ? `{${labels}}` : ""} ${s.value}`);
  }
  return lines.join("\n");
}

export async function renderMetrics({ db, version }: { db: Db; version: string }): Promise<string> {
  const [runs, last, limits, deliveries, active, totals, revoked, revocationJobs, queue] = await Promise.all([
    countSyncRunsByStatus({ db }),
    listLastSyncPerOrg({ db }),
    listRateLimitRemaining({ db }),
    countDeliveriesByOutcome({ db }),
    countActiveGrantsPerOrg({ db }),
    sumSyncRunTotals({ db }),
    countRevocationItemsByStatus({ db }),
    countRevocationJobsByStatus({ db }),
    countQueuedJobsByState({ db }),
  ]);
  return [
    family("patwarden_info", "gauge", "Build information.", [{ labels: { version }, value: 1 }]),
    family("patwarden_sync_runs_total", "counter", "Sync runs recorded, by org and status.",
      runs.map((r) => ({ labels: { org: r.org, status: r.status }, value: r.n }))),
    family("patwarden_last_sync_duration_seconds", "gauge", "Duration of the latest finished sync per org.",
      last.filter((r) => r.durationMs !== null).map((r) => ({ labels: { org: r.org, kind: r.kind, status: r.status }, value: r.durationMs! / 1000 }))),
    family("patwarden_last_sync_api_calls", "gauge", "GitHub API calls made by the latest finished sync per org.",
      last.map((r) => ({ labels: { org: r.org, kind: r.kind }, value: r.apiCalls }))),
    family("patwarden_last_sync_rate_limit_spent", "gauge", "Rate-limit points spent by the latest finished sync per org.",
      last.map((r) => ({ labels: { org: r.org, kind: r.kind }, value: r.rateLimitSpent }))),
    family("patwarden_last_sync_timestamp_seconds", "gauge", "When the latest sync per org finished (Unix time).",
      last.filter((r) => r.finishedAt).map((r) => ({ labels: { org: r.org }, value: Math.floor(r.finishedAt!.getTime() / 1000) }))),
    family("patwarden_rate_limit_remaining", "gauge", "GitHub rate limit remaining per installation, as last observed.",
      limits.map((r) => ({ labels: { installation: r.installationId, org: r.org }, value: r.remaining }))),
    family("patwarden_webhook_deliveries_total", "counter", "Webhook deliveries received, by event and outcome.",
      deliveries.map((r) => ({ labels: { event: r.event, outcome: r.outcome }, value: r.n }))),
    family("patwarden_active_grants", "gauge", "Active PAT grants in the inventory per org.",
      active.map((r) => ({ labels: { org: r.org }, value: r.n }))),
    family("patwarden_sync_duration_seconds", "summary", "Duration of finished sync runs per org and kind.", totals.flatMap((r) => [
      { name: "_sum", labels: { org: r.org, kind: r.kind }, value: r.seconds },
      { name: "_count", labels: { org: r.org, kind: r.kind }, value: r.runs },
    ])),
    family("patwarden_github_api_calls_total", "counter", "GitHub API calls made by finished sync runs per org and kind.",
      totals.map((r) => ({ labels: { org: r.org, kind: r.kind }, value: r.apiCalls }))),
    family("patwarden_revocations_total", "counter", "Grants in revocation jobs per org and outcome (revoked, already_gone, failed, pending, in_flight).",
      revoked.map((r) => ({ labels: { org: r.org, outcome: r.status }, value: r.n }))),
    family("patwarden_revocation_jobs", "gauge", "Revocation jobs by status.",
      revocationJobs.map((r) => ({ labels: { status: r.status }, value: r.n }))),
    family("patwarden_job_queue_depth", "gauge", "Background jobs (pg-boss) per queue and state.",
      queue.map((r) => ({ labels: { queue: r.queue, state: r.state }, value: r.n }))),
  ].join("\n\n") + "\n";
}
