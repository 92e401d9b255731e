import "server-only";
// The orgs page: one card per installed org the viewer may see.
import type { DashboardOrg } from "../../bot/orgs/verbs.ts";
import { shapeJobRows, type JobRow } from "../_lib/job-rows.ts";
import type { OrgAccess } from "../_lib/access.ts";
import { credentialLine, orgStatus, STATUS_TEXT, type CredentialLine, type OrgStatus } from "../_lib/org-status.ts";
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
  /** SSO credential authorizations: available (with count and last sync), not available, not readable, not checked yet. */
  credentials: CredentialLine;
  permissions: PermissionCheck[];
  lastSync: LastSync | null;
  lastFullSyncAt: Date | null;
  /** Scheduled jobs (sync, snapshot, policy, report): last run, outcome, next run. */
  jobs: JobRow[];
  /** Whether "sync now" can work here: the dashboard runs inside the server, whose engine syncs. */
  syncAvailable: boolean;
};

export async function listOrgCards({ viewer }: { viewer: Viewer }): Promise<OrgCard[]> {
  const { engine } = getDashboardRuntime();
  const visible: { org: DashboardOrg; access: OrgAccess }[] = [];
  for (const org of await engine.orgs.listForDashboard({})) {
    try {
      visible.push({ org, access: (await checkOrgAccess({ viewer, org: org.login })).access });
    } catch (error) {
      if ((error as { kind?: string }).kind !== "NotFound") throw error;
    }
  }
  const connections = await engine.orgs.status({ orgIds: visible.map((v) => v.org.id) });
  return visible.map(({ org, access }, i) => {
    const status = orgStatus(org);
    const { lastSync: run, activeGrants, credentials, jobs } = connections[i]!;
    return {
      login: org.login,
      status,
      statusText: STATUS_TEXT[status],
      access,
      activeGrants,
      credentials: credentialLine(credentials),
      permissions: checkPermissions(org.permissions),
      lastSync: run
        ? {
            kind: run.kind, status: run.status, trigger: run.trigger, startedAt: run.startedAt, durationMs: run.durationMs,
            apiCalls: run.apiCalls, rateLimitSpent: run.rateLimitSpent, grantsSeen: run.grantsSeen, error: run.error,
          }
        : null,
      lastFullSyncAt: org.lastFullSyncAt,
      jobs: shapeJobRows(jobs),
      syncAvailable: true,
    };
  });
}
