import "server-only";
// The live poll's read: what version of one org's pages is current. Same gate as every page.
import { checkOrgAccess } from "./org-access.ts";
import { getDashboardRuntime } from "./runtime.ts";
import type { Viewer } from "./viewer.ts";

export async function readOrgVersion({ viewer, org }: { viewer: Viewer | null; org: string }): Promise<{ version: string }> {
  const { org: row } = await checkOrgAccess({ viewer, org });
  return getDashboardRuntime().engine.orgs.version({ orgId: row.id });
}
