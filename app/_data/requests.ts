import "server-only";
// The requests page: one org's pending PAT requests (oldest first, the review queue) as small rows.
import { listRequests, type RequestWithRepositories } from "../../db/queries/requests.ts";
import type { OrgAccess } from "../_lib/access.ts";
import { listPermissions, type PermissionEntry } from "./grants.ts";
import { checkOrgAccess } from "./org-access.ts";
import { getDashboardRuntime } from "./runtime.ts";
import type { Viewer } from "./viewer.ts";
import { isExpired } from "../../model/categories.ts";

/** More than this are listed a page at a time by age; reviewing clears the oldest first. */
export const REQUESTS_SHOWN = 500;

export type RequestRow = {
  id: number;
  tokenName: string;
  ownerLogin: string;
  reason: string | null;
  permissions: PermissionEntry[];
  selection: "all" | "subset" | "none";
  repositories: string[];
  repositoryCount: number | null;
  createdAt: Date;
  expiresAt: Date | null;
  expired: boolean;
};

export type RequestTable = { login: string; access: OrgAccess; rows: RequestRow[]; total: number };

export function toRequestRow(r: RequestWithRepositories, now: Date): RequestRow {
  return {
    id: r.id,
    tokenName: r.tokenName,
    ownerLogin: r.ownerLogin,
    reason: r.reason,
    permissions: listPermissions(r.permissions),
    selection: r.repositorySelection,
    repositories: r.repositories.map((repo) => repo.fullName),
    repositoryCount: r.repositorySelection === "subset" ? (r.repositoryCount ?? r.repositories.length) : null,
    createdAt: r.createdAt,
    expiresAt: r.tokenExpiresAt,
    expired: isExpired(r, now),
  };
}

export async function listRequestTable({ viewer, org }: { viewer: Viewer; org: string }): Promise<RequestTable> {
  const { org: row, access } = await checkOrgAccess({ viewer, org });
  const { db, now } = getDashboardRuntime();
  const pending = await listRequests({ db, orgId: row.id, status: "pending" });
  return { login: row.login, access, total: pending.length, rows: pending.slice(0, REQUESTS_SHOWN).map((r) => toRequestRow(r, now())) };
}
