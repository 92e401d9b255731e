import "server-only";
// The overview's history charts: daily snapshots (written by the snapshot job) and revocations
// per week, for one org the viewer may see.
import { shapeSnapshotTrends, weekStart, type SnapshotTrends } from "../_lib/trends.ts";
import { checkOrgAccess } from "./org-access.ts";
import { getDashboardRuntime } from "./runtime.ts";
import type { Viewer } from "./viewer.ts";

const HISTORY_DAYS = 90;

export async function getOrgTrends({ viewer, org }: { viewer: Viewer; org: string }): Promise<SnapshotTrends & { days: number }> {
  const { org: row } = await checkOrgAccess({ viewer, org });
  const { engine, now: clock } = getDashboardRuntime();
  const now = clock();
  const since = new Date(now.getTime() - HISTORY_DAYS * 86_400_000);
  // Revocations from the Monday of the first week shown, so that week's bar counts all of it.
  const { snapshots, revocations } = await engine.orgs.history({ orgId: row.id, since, weeksFrom: new Date(`${weekStart(since)}T00:00:00Z`) });
  return { ...shapeSnapshotTrends({ snapshots, revocations, since, now }), days: HISTORY_DAYS };
}
