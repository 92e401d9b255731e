// The minute tick (pg-boss cron, one per minute across every process): queues whatever is due.
// Each send names its org and time slot, so a second tick or a second process adds nothing.
import type PgBoss from "pg-boss";
import type { Db } from "../../db/client.ts";
import { updateJobState } from "../../db/queries/job-states.ts";
import { listSyncableOrgs } from "../server/sync-orgs.ts";
import { nextSlotStart, QUEUES, SNAPSHOT_SLOT_SECONDS, snapshotRunAt, syncSlotSeconds, type OrgJobData } from "./queues.ts";

export async function runTick({ db, boss, intervalMinutes, now = new Date() }: {
  db: Db; boss: PgBoss; intervalMinutes: number; now?: Date;
}): Promise<{ syncRound: boolean; snapshots: string[] }> {
  const round = await boss.send(QUEUES.syncRound, {}, { singletonKey: "round", singletonSeconds: syncSlotSeconds(intervalMinutes) });
  const { syncable } = await listSyncableOrgs({ db });
  const snapshots: string[] = [];
  const runAt = snapshotRunAt({ now });
  for (const org of syncable) {
    const data: OrgJobData = { orgId: org.id, login: org.login };
    const id = await boss.send(QUEUES.snapshot, data, { singletonKey: `org:${org.id}`, singletonSeconds: SNAPSHOT_SLOT_SECONDS, startAfter: runAt });
    if (!id) continue;
    snapshots.push(org.login);
    await updateJobState({ db, orgId: org.id, job: "snapshot", patch: { nextRunAt: runAt } });
  }
  return { syncRound: Boolean(round), snapshots };
}

/** The snapshot slot after the current one (for job_states once today's is taken). */
export const nextSnapshotAt = (now: Date): Date => snapshotRunAt({ now: nextSlotStart({ now, seconds: SNAPSHOT_SLOT_SECONDS }) });
