// The grants a policy run evaluates: every active grant of the org, with the fields rules read.
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db } from "../client.ts";
import { grants } from "../schema.ts";

const POLICY_COLUMNS = {
  id: grants.id, tokenId: grants.tokenId, tokenName: grants.tokenName, ownerLogin: grants.ownerLogin,
  repositorySelection: grants.repositorySelection, permissions: grants.permissions, permissionTokens: grants.permissionTokens,
  accessGrantedAt: grants.accessGrantedAt, tokenExpired: grants.tokenExpired, tokenExpiresAt: grants.tokenExpiresAt,
  tokenLastUsedAt: grants.tokenLastUsedAt, ownerIsMember: grants.ownerIsMember, removedAt: grants.removedAt,
};

export type PolicyGrant = { [K in keyof typeof POLICY_COLUMNS]: (typeof grants.$inferSelect)[K] };

/** Active grants by id. Rules need every one (a run is a full evaluation), so no paging here. */
export async function listPolicyGrants({ db, orgId }: { db: Db; orgId: number }): Promise<PolicyGrant[]> {
  return db.select(POLICY_COLUMNS).from(grants).where(and(eq(grants.orgId, orgId), isNull(grants.removedAt))).orderBy(asc(grants.id));
}
