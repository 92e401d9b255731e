import "server-only";
// One org's overview: the org's stored summary (counted after writes, not per view), shaped for the
// charts, with drill-down links bounded as of the moment it counted.
import {
  shapeExpiry, shapeLastUse, shapeSelection, shapeTopOwners, shapeTopPermissions, shapeTrend,
  type Bar, type StackedBar, type TrendPoint,
} from "../_lib/charts.ts";
import type { OrgAccess } from "../_lib/access.ts";
import { orgStatus, type OrgStatus } from "../_lib/org-status.ts";
import { checkOrgAccess } from "./org-access.ts";
import { getDashboardRuntime } from "./runtime.ts";
import type { Viewer } from "./viewer.ts";

const TREND_DAYS = 30;

export type OrgOverview = {
  login: string;
  status: OrgStatus;
  access: OrgAccess;
  total: number;
  /** Stale by the product's definition (90 days), the same count the linked table shows (every card counts through db/queries/category-conditions.ts). */
  stale: number;
  ownerLeft: number;
  /** All repositories with a repository permission at write or admin (the filter's all-repos-write). */
  allReposWrite: number;
  lastSyncAt: Date | null;
  /** When the figures were counted (they are recounted after writes and when older than 15 minutes). */
  asOf: Date;
  lastUse: Bar[];
  expiry: Bar[];
  selection: Bar[];
  permissions: StackedBar[];
  owners: Bar[];
  trend: TrendPoint[];
};

export async function getOrgOverview({ viewer, org }: { viewer: Viewer; org: string }): Promise<OrgOverview> {
  const { org: row, access } = await checkOrgAccess({ viewer, org });
  const { engine, now: clock } = getDashboardRuntime();
  const now = clock();
  const since = new Date(now.getTime() - TREND_DAYS * 86_400_000);
  const { summary, stale, permissions, owners, history, lastRunStartedAt, asOf, bounds } = await engine.orgs.overview({ orgId: row.id, since });
  const login = row.login;
  return {
    login,
    status: orgStatus(row),
    access,
    total: summary.total,
    stale,
    ownerLeft: summary.ownerLeft,
    allReposWrite: summary.allReposWrite,
    lastSyncAt: lastRunStartedAt ?? row.lastSyncAt,
    asOf,
    lastUse: shapeLastUse({ org: login, summary, bounds }),
    expiry: shapeExpiry({ org: login, summary }),
    selection: shapeSelection({ org: login, summary }),
    permissions: shapeTopPermissions({ org: login, rows: permissions }),
    owners: shapeTopOwners({ org: login, rows: owners }),
    trend: shapeTrend({ points: history, now, days: TREND_DAYS }),
  };
}
