// The daily snapshot of one org, after refreshing grant and credential risk scores (idle-time reasons age without a sync change).
import type { Db } from "../../db/client.ts";
import { takeSnapshot } from "../history/snapshot.ts";
import { recomputeCredentialRiskScores, recomputeRiskScores } from "../risk/recompute.ts";
import type { JobOutcome } from "./job-state.ts";
import type { OrgJobData } from "./queues.ts";
import { nextSnapshotAt } from "./tick.ts";

export async function runSnapshotJob({ db, data }: { db: Db; data: OrgJobData }): Promise<JobOutcome> {
  const now = new Date();
  const risk = await recomputeRiskScores({ db, orgId: data.orgId, now });
  await recomputeCredentialRiskScores({ db, orgId: data.orgId, now });
  const row = await takeSnapshot({ db, orgId: data.orgId, now });
  return { outcome: "succeeded", note: `${row.day}: ${row.activeGrants} active, ${row.staleGrants} stale`, nextRunAt: nextSnapshotAt(now) };
}
