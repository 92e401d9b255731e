// GET /metrics in the Prometheus text format, read from the database at scrape time.
import type { Db } from "../../db/client.ts";
import { countActiveGrantsPerOrg, countSyncRunsByStatus, listLastSyncPerOrg, listRateLimitRemaining } from "../../db/queries/metrics.ts";
import { countDeliveriesByOutcome } from "../../db/queries/webhook-deliveries.ts";

type Sample = { labels: Record<string, string | number>; value: number };

const escapeLabel = (v: string | number) => String(v).replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');

function family(name: string, type: "gauge" | "counter", help: string, samples: Sample[]): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
  for (const s of samples) {
    const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",");
    lines.push(`${name}${labels ? `{${labels}}` : ""} ${s.value}`);
  }
  return lines.join("\n");
}

export async function renderMetrics({ db, version }: { db: Db; version: string }): Promise<string> {
  const [runs, last, limits, deliveries, active] = await Promise.all([
    countSyncRunsByStatus({ db }),
    listLastSyncPerOrg({ db }),
    listRateLimitRemaining({ db }),
    countDeliveriesByOutcome({ db }),
    countActiveGrantsPerOrg({ db }),
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
  ].join("\n\n") + "\n";
}
