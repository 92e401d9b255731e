// What GET /metrics reports, read in one go at scrape time; the server formats it (prom-client).
import {
  countActiveGrantsPerOrg, countQueuedJobsByState, countRevocationItemsByStatus, countRevocationJobsByStatus,
  countSyncRunsByStatus, listLastSyncPerOrg, listRateLimitRemaining, sumSyncRunTotals,
} from "../../db/queries/metrics.ts";
import { countDeliveriesByOutcome } from "../../db/queries/webhook-deliveries.ts";
import type { Db } from "../../db/client.ts";

export async function readMetrics({ db }: { db: Db }) {
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
  return { runs, last, limits, deliveries, active, totals, revoked, revocationJobs, queue };
}

export type MetricsReading = Awaited<ReturnType<typeof readMetrics>>;
