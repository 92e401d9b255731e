// What an org's pages show changes when one of these does: a sync run starts or ends, a request
// arrives, is re-seen or resolved, a revocation job moves (counters, statuses, items sent), a policy
// run starts or ends, the policy file is reloaded, the connection is paused. One row of aggregates,
// read by the dashboard's live poll every few seconds, so each part stays on small or indexed sets;
// counts and ids sit beside the times because the engine's clock may be moved (demo, tests).
import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { orgs, patRequests, policyConfigs, policyRuns, revocationItems, revocationJobs, syncRuns } from "../schema.ts";

export type OrgChangeMarks = Record<"org" | "sync" | "requests" | "jobs" | "items" | "policy" | "config", string>;

/** The parts of an org's state the dashboard watches, as text, by name; null when the org is unknown. */
export async function readOrgChangeMarks({ db, orgId }: { db: Db; orgId: number }): Promise<OrgChangeMarks | null> {
  const [row] = await db
    .select({
      org: sql<string>`concat_ws('/', ${orgs.updatedAt}, ${orgs.lastSyncAt}, ${orgs.syncPaused})`,
      sync: sql<string>`(select concat_ws('/', max(${syncRuns.id}), count(*) filter (where ${syncRuns.status} = 'running'), max(${syncRuns.finishedAt}))
        from ${syncRuns} where ${syncRuns.orgId} = ${orgId})`,
      requests: sql<string>`(select concat_ws('/', count(*), count(*) filter (where ${patRequests.status} = 'pending'), max(${patRequests.lastSeenAt}), max(${patRequests.resolvedAt}))
        from ${patRequests} where ${patRequests.orgId} = ${orgId})`,
      jobs: sql<string>`(select concat_ws('/', max(${revocationJobs.id}), sum(${revocationJobs.revoked} + ${revocationJobs.alreadyGone} + ${revocationJobs.failed}),
          string_agg(${revocationJobs.status}, ',' order by ${revocationJobs.id}) filter (where ${revocationJobs.status} in ('queued', 'running')), max(${revocationJobs.updatedAt}),
          -- A running job whose runner's lease ran out shows as "paused, will resume".
          count(*) filter (where ${revocationJobs.status} = 'running' and (${revocationJobs.leaseUntil} is null or ${revocationJobs.leaseUntil} < now())))
        from ${revocationJobs} where ${revocationJobs.orgId} = ${orgId})`,
      // Items of unfinished jobs only (served by revocation_items_job_batch_idx): sent, settled, retried.
      items: sql<string>`(select concat_ws('/', count(*) filter (where ${revocationItems.status} = 'in_flight'),
          count(*) filter (where ${revocationItems.status} in ('revoked', 'already_gone', 'failed')), sum(${revocationItems.attempts}))
        from ${revocationItems} where ${revocationItems.jobId} in
          (select ${revocationJobs.id} from ${revocationJobs} where ${revocationJobs.orgId} = ${orgId} and ${revocationJobs.status} in ('queued', 'running')))`,
      policy: sql<string>`(select concat_ws('/', max(${policyRuns.id}), count(*) filter (where ${policyRuns.status} = 'running'), max(${policyRuns.finishedAt}))
        from ${policyRuns} where ${policyRuns.orgId} = ${orgId})`,
      config: sql<string>`(select concat_ws('/', ${policyConfigs.sha}, ${policyConfigs.loadedAt}) from ${policyConfigs} where ${policyConfigs.orgId} = ${orgId})`,
    })
    .from(orgs)
    .where(eq(orgs.id, orgId));
  if (!row) return null;
  const text = (part: unknown) => String(part ?? "");
  return {
    org: text(row.org), sync: text(row.sync), requests: text(row.requests), jobs: text(row.jobs),
    items: text(row.items), policy: text(row.policy), config: text(row.config),
  };
}

/** A short, opaque token of some marks (the live version, a summary's source version): equal parts, equal token. */
export function marksToken(parts: readonly string[]): string {
  return createHash("sha256").update(parts.join("|")).digest("base64url").slice(0, 16);
}
