// The sync round (find orgs, queue one sync each) and one org's scheduled sync.
import type PgBoss from "pg-boss";
import type { Db } from "../../db/client.ts";
import { updateJobState } from "../../db/queries/job-states.ts";
import type { GitHubApp } from "../github/client.ts";
import type { EngineLog } from "../engine-context.ts";
import { describeSummary, listSyncableOrgs, syncOrgs } from "../sync/sync-orgs.ts";
import { registerInstallations } from "../sync/index.ts";
import type { JobOutcome } from "./job-state.ts";
import { nextSlotStart, QUEUES, syncSlotSeconds, type OrgJobData } from "./queues.ts";
import { plural } from "../../model/words.ts";

export type SyncJobDeps = { db: Db; github: GitHubApp; boss: PgBoss; log: EngineLog; intervalMinutes: number };

/** Once per slot: refresh installations (finds new orgs), then queue each active org's sync for this slot. */
export async function runSyncRound({ db, github, boss, log, intervalMinutes }: SyncJobDeps): Promise<{ queued: string[] }> {
  try {
    await registerInstallations({ db, appOctokit: github.appOctokit });
  } catch (err) {
    // GitHub being down must not stop the known orgs from being tried (each sync retries on its own).
    log.warn({ err: err instanceof Error ? err.message : String(err) }, "could not refresh installations; syncing the known orgs");
  }
  const { syncable, skipped } = await listSyncableOrgs({ db });
  for (const s of skipped) log.info({ org: s.org, why: s.why }, "scheduled sync skipped");
  const queued: string[] = [];
  const slotSeconds = syncSlotSeconds(intervalMinutes);
  const next = nextSlotStart({ now: new Date(), seconds: slotSeconds });
  const slotStart = new Date(next.getTime() - slotSeconds * 1000);
  for (const org of syncable) {
    // Already synced in this slot (the demo's first sync, a dashboard "sync now", a new installation).
    if (org.lastSyncAt && org.lastSyncAt >= slotStart) {
      await updateJobState({ db, orgId: org.id, job: "sync", patch: { nextRunAt: next } });
      continue;
    }
    const data: OrgJobData = { orgId: org.id, login: org.login };
    // Same org, same slot → the insert is a no-op, whichever process sends it.
    const id = await boss.send(QUEUES.sync, data, { singletonKey: `org:${org.id}`, singletonSeconds: slotSeconds });
    if (id) queued.push(org.login);
  }
  return { queued };
}

/** One org: full sweep when the last is a day old, else incremental; a failed sync throws so pg-boss retries it. */
export async function runSyncJob({ db, github, boss, log, intervalMinutes, data }: SyncJobDeps & { data: OrgJobData }): Promise<JobOutcome> {
  const nextRunAt = nextSlotStart({ now: new Date(), seconds: syncSlotSeconds(intervalMinutes) });
  const { syncable, skipped } = await listSyncableOrgs({ db, login: data.manual ? data.login : undefined });
  const org = syncable.find((o) => o.id === data.orgId);
  if (!org) {
    const why = skipped.find((s) => s.org.toLowerCase() === data.login.toLowerCase())?.why ?? "org no longer installed";
    return { outcome: "skipped", note: why, nextRunAt };
  }
  const trigger = data.trigger ?? (data.manual ? "schedule:now" : "schedule");
  const { results } = await syncOrgs({ db, github, kind: data.kind ?? "auto", trigger, login: org.login, register: false });
  const summary = results[0];
  if (!summary) return { outcome: "skipped", note: "org not syncable", nextRunAt };
  if (summary.status === "conflict") return { outcome: "skipped", note: "another sync of this org is running", nextRunAt };
  if (!summary.ok) throw new Error(summary.error ?? `sync ${summary.status}`);
  log.info({ sync: summary }, describeSummary(summary));
  if (!data.manual) {
    // Same slot as the sync: a retried sync does not queue a second policy run.
    await boss.send(QUEUES.policy, { orgId: org.id, login: org.login } satisfies OrgJobData, { singletonKey: `org:${org.id}`, singletonSeconds: syncSlotSeconds(intervalMinutes) });
  }
  return { outcome: "succeeded", note: `${summary.kind}, ${plural(summary.grants.seen, "grant")} seen`, nextRunAt };
}
