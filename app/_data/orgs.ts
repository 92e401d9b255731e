import "server-only";
// The orgs page: one card per installed org the viewer may see.
import { listJobStates } from "../../db/queries/job-states.ts";
import { countActiveGrantsByOrg, listDashboardOrgs, listLatestSyncRuns } from "../../db/queries/overview.ts";
import { shapeJobRows, type JobRow } from "../_lib/job-rows.ts";
import type { OrgAccess } from "../_lib/access.ts";
import { orgStatus, STATUS_TEXT, type OrgStatus } from "../_lib/org-status.ts";
import { checkPermissions, type PermissionCheck } from "../_lib/required-permissions.ts";
import { checkOrgAccess } from "./org-access.ts";
import { getDashboardRuntime } from "./runtime.ts";
import type { Viewer } from "./viewer.ts";

export type LastSync = {
  kind: string;
  status: "running" | "succeeded" | "failed";
  trigger: string;
  startedAt: Date;
  durationMs: number | null;
  apiCalls: number;
  rateLimitSpent: number;
  grantsSeen: number;
  error: string | null;
};

export type OrgCard = {
  login: string;
  status: OrgStatus;
  statusText: string;
  access: OrgAccess;
  activeGrants: number;
  permissions: PermissionCheck[];
  lastSync: LastSync | null;
  lastFullSyncAt: Date | null;
  /** Scheduled jobs (sync, snapshot, policy, report): last run, outcome, next run. */
  jobs: JobRow[];
  /** Whether "sync now" can work in this process (the server provided a sync hook). */
  syncAvailable: boolean;
};

export async function listOrgCards({ viewer }: { viewer: Viewer }): Promise<OrgCard[]> {
  const { db, requestSync } = getDashboardRuntime();
  const visible: { org: Awaited<ReturnType<typeof listDashboardOrgs>>[number]; access: OrgAccess }[] = [];
  for (const org of await listDashboardOrgs({ db })) {
    try {
      visible.push({ org, access: (await checkOrgAccess({ viewer, org: org.login })).access });
    } catch (error) {
      if ((error as { kind?: string }).kind !== "NotFound") throw error;
    }
  }
  const runs = await listLatestSyncRuns({ db, orgIds: visible.map((v) => v.org.id) });
  const counts = await countActiveGrantsByOrg({ db });
  const states = await listJobStates({ db });
  return visible.map(({ org, access }) => {
    const status = orgStatus(org);
    const run = runs.get(org.id);
    return {
      login: org.login,
      status,
      statusText: STATUS_TEXT[status],
      access,
      activeGrants: counts.get(org.id) ?? 0,
      permissions: checkPermissions(org.permissions),
      lastSync: run
        ? {
            kind: run.kind, status: run.status, trigger: run.trigger, startedAt: run.startedAt, durationMs: run.durationMs,
            apiCalls: run.apiCalls, rateLimitSpent: run.rateLimitSpent, grantsSeen: run.grantsSeen, error: run.error,
          }
        : null,
      lastFullSyncAt: org.lastFullSyncAt,
      jobs: shapeJobRows(states.filter((s) => s.orgId === org.id)),
      syncAvailable: requestSync !== null,
    };
  });
}
