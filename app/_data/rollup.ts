import "server-only";
// The roll-up on the orgs page: every installed org the viewer may see, one line each with links
// into its pages, and the total over those orgs only (an org the viewer may not see adds nothing).
import type { OrgRollupRow, RollupTotal } from "../../bot/orgs/verbs.ts";
import { CREDENTIAL_SOURCE_TEXT } from "../../model/credentials.ts";
import { STALE_DAYS } from "../../model/categories.ts";
import { toCredentialSearchParams, type CredentialFilter } from "../../model/credential-filter.ts";
import { HIGH_RISK } from "../../model/risk.ts";
import { grantsHref } from "../_lib/charts.ts";
import { orgStatus, type OrgStatus } from "../_lib/org-status.ts";
import { checkOrgAccess } from "./org-access.ts";
import { getDashboardRuntime } from "./runtime.ts";
import type { Viewer } from "./viewer.ts";

export type RollupLine = OrgRollupRow & {
  status: OrgStatus;
  /** Why there are no credential figures (the connection card's sentence), when there are none. */
  credentialsText: string | null;
  href: { overview: string; grants: string; stale: string; highRisk: string; ownerLeft: string; requests: string; credentials: string; credentialsHighRisk: string; credentialsOwnerLeft: string; credentialsNoExpiry: string };
};

export type RollupView = { lines: RollupLine[]; total: RollupTotal };

const credentialsHref = (org: string, filter: CredentialFilter) => {
  const qs = toCredentialSearchParams({ filter }).toString();
  return `/orgs/${encodeURIComponent(org)}/credentials${qs ? `?${qs}` : ""}`;
};

function lineOf(row: OrgRollupRow): RollupLine {
  const org = row.login;
  const base = `/orgs/${encodeURIComponent(org)}`;
  return {
    ...row,
    status: orgStatus(row),
    credentialsText: row.credentials ? null : row.credentialsStatus === "available" ? "SSO credential authorizations: not counted yet" : CREDENTIAL_SOURCE_TEXT[row.credentialsStatus],
    href: {
      overview: base, grants: grantsHref({ org }), stale: grantsHref({ org, filter: { staleDays: STALE_DAYS } }),
      highRisk: grantsHref({ org, filter: { riskMin: HIGH_RISK }, sort: "risk" }), ownerLeft: grantsHref({ org, filter: { ownerLeft: true } }),
      requests: `${base}/requests`, credentials: credentialsHref(org, {}), credentialsHighRisk: credentialsHref(org, { riskMin: HIGH_RISK }),
      credentialsOwnerLeft: credentialsHref(org, { ownerLeft: true }), credentialsNoExpiry: credentialsHref(org, { noExpiry: true }),
    },
  };
}

/** The roll-up of the orgs the viewer may see (the same gate as every org page; a hidden org is skipped). */
export async function loadRollup({ viewer }: { viewer: Viewer }): Promise<RollupView> {
  const { engine } = getDashboardRuntime();
  const orgIds: number[] = [];
  for (const org of await engine.orgs.listForDashboard({})) {
    try {
      await checkOrgAccess({ viewer, org: org.login });
      orgIds.push(org.id);
    } catch (error) {
      if ((error as { kind?: string }).kind !== "NotFound") throw error;
    }
  }
  const { orgs, total } = await engine.orgs.rollup({ orgIds });
  return { lines: orgs.map(lineOf), total };
}
