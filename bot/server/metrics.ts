// GET /metrics in the Prometheus text format (prom-client), read from the database at scrape time.
import { Counter, Gauge, Registry, Summary, type SummaryConfiguration } from "prom-client";
import type { Engine } from "../engine.ts";

type Sample<L extends string> = { labels: Record<L, string | number>; value: number };

function gauge<L extends string>(registry: Registry, name: string, help: string, labelNames: readonly L[], samples: Sample<L>[]): void {
  const metric = new Gauge({ name, help, labelNames, registers: [registry] });
  for (const s of samples) metric.set(s.labels, s.value);
}

function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: readonly L[], samples: Sample<L>[]): void {
  const metric = new Counter({ name, help, labelNames, registers: [registry] });
  for (const s of samples) metric.inc(s.labels, s.value);
}

type Totals<L extends string> = { labels: Record<L, string | number>; sum: number; count: number };

/** A summary whose _sum and _count are totals the database keeps, not observe() calls; no quantiles. */
class TotalsSummary<L extends string> extends Summary<L> {
  readonly #totals: Totals<L>[];

  constructor(config: SummaryConfiguration<L>, totals: Totals<L>[]) {
    super({ ...config, percentiles: [] });
    this.#totals = totals;
  }

  override async get() {
    const metric = await super.get();
    return { ...metric, values: this.#totals.flatMap(({ labels, sum, count }) => [
      { metricName: `${metric.name}_sum`, labels, value: sum },
      { metricName: `${metric.name}_count`, labels, value: count },
    ]) };
  }
}

/**
 * The values are the database's state, not counters this process keeps, so each scrape fills a
 * fresh Registry from one read (and nothing lives in module state between scrapes).
 */
export async function renderMetrics({ engine, version }: { engine: Engine; version: string }): Promise<string> {
  const { runs, last, limits, deliveries, active, totals, revoked, revocationJobs, queue } = await engine.ops.readMetrics();
  const r = new Registry();
  gauge(r, "patwarden_info", "Build information.", ["version"], [{ labels: { version }, value: 1 }]);
  counter(r, "patwarden_sync_runs_total", "Sync runs recorded, by org and status.", ["org", "status"],
    runs.map((x) => ({ labels: { org: x.org, status: x.status }, value: x.n })));
  gauge(r, "patwarden_last_sync_duration_seconds", "Duration of the latest finished sync per org.", ["org", "kind", "status"],
    last.filter((x) => x.durationMs !== null).map((x) => ({ labels: { org: x.org, kind: x.kind, status: x.status }, value: x.durationMs! / 1000 })));
  gauge(r, "patwarden_last_sync_api_calls", "GitHub API calls made by the latest finished sync per org.", ["org", "kind"],
    last.map((x) => ({ labels: { org: x.org, kind: x.kind }, value: x.apiCalls })));
  gauge(r, "patwarden_last_sync_rate_limit_spent", "Rate-limit points spent by the latest finished sync per org.", ["org", "kind"],
    last.map((x) => ({ labels: { org: x.org, kind: x.kind }, value: x.rateLimitSpent })));
  gauge(r, "patwarden_last_sync_timestamp_seconds", "When the latest sync per org finished (Unix time).", ["org"],
    last.filter((x) => x.finishedAt).map((x) => ({ labels: { org: x.org }, value: Math.floor(x.finishedAt!.getTime() / 1000) })));
  gauge(r, "patwarden_rate_limit_remaining", "GitHub rate limit remaining per installation, as last observed.", ["installation", "org"],
    limits.map((x) => ({ labels: { installation: x.installationId, org: x.org }, value: x.remaining })));
  counter(r, "patwarden_webhook_deliveries_total", "Webhook deliveries received, by event and outcome.", ["event", "outcome"],
    deliveries.map((x) => ({ labels: { event: x.event, outcome: x.outcome }, value: x.n })));
  gauge(r, "patwarden_active_grants", "Active PAT grants in the inventory per org.", ["org"],
    active.map((x) => ({ labels: { org: x.org }, value: x.n })));
  new TotalsSummary({ name: "patwarden_sync_duration_seconds", help: "Duration of finished sync runs per org and kind.", labelNames: ["org", "kind"], registers: [r] },
    totals.map((x) => ({ labels: { org: x.org, kind: x.kind }, sum: x.seconds, count: x.runs })));
  counter(r, "patwarden_github_api_calls_total", "GitHub API calls made by finished sync runs per org and kind.", ["org", "kind"],
    totals.map((x) => ({ labels: { org: x.org, kind: x.kind }, value: x.apiCalls })));
  counter(r, "patwarden_revocations_total", "Grants in revocation jobs per org and outcome (revoked, already_gone, failed, pending, in_flight).", ["org", "outcome"],
    revoked.map((x) => ({ labels: { org: x.org, outcome: x.status }, value: x.n })));
  gauge(r, "patwarden_revocation_jobs", "Revocation jobs by status.", ["status"],
    revocationJobs.map((x) => ({ labels: { status: x.status }, value: x.n })));
  gauge(r, "patwarden_job_queue_depth", "Background jobs (pg-boss) per queue and state.", ["queue", "state"],
    queue.map((x) => ({ labels: { queue: x.queue, state: x.state }, value: x.n })));
  return r.metrics();
}
