import "server-only";
// The overview's history charts: daily snapshots (written by the snapshot job) and revocations
// per week, for one org the viewer may see.
import { countRevocationsByWeek, listSnapshotsView } from "../../db/queries/trend-views.ts";
import { shapeSnapshotTrends, weekStart, type SnapshotTrends } from "../_lib/trends.ts";
import { checkOrgAccess } from "./org-access.ts";
import { getDashboardRuntime } from "./runtime.ts";
import type { Viewer } from "./viewer.ts";

const HISTORY_DAYS = 90;

export async function getOrgTrends({ viewer, org }: { viewer: Viewer; org: string }): Promise<SnapshotTrends & { days: number }> {
  const { org: row } = await checkOrgAccess({ viewer, org });
  const { db, now: clock } = getDashboardRuntime();
  const now = clock();
  const since = new Date(now.getTime() - HISTORY_DAYS * 86_400_000);
  const [snapshots, revocations] = await Promise.all([
    listSnapshotsView({ db, orgId: row.id, sinceDay: since.toISOString().slice(0, 10) }),
    // From the Monday of the first week shown, so that week's bar counts all of it.
    countRevocationsByWeek({ db, orgId: row.id, since: new Date(`${weekStart(since)}T00:00:00Z`) }),
  ]);
  return { ...shapeSnapshotTrends({ snapshots, revocations, since, now }), days: HISTORY_DAYS };
}
