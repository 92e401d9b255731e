// For `organization.member_removed`, beside the owner's grants: the one owner's SSO credential
// authorizations, listed with `login` (complete for that owner, so what it no longer shows may be
// removed), then flagged owner-left from the membership GitHub just told us about. Only for orgs
// whose credential source answered 200 last: an org without SSO is not asked because a member left.
import { getCredentialSource } from "../../db/queries/credential-source.ts";
import { refreshCredentialOwnerIsMember, upsertCredentials } from "../../db/queries/credential-sync.ts";
import { Forbidden, NotFound } from "../../model/errors.ts";
import type { SyncContext } from "./context.ts";
import { listOwnerCredentials } from "./credential-list.ts";
import { toCredentialRow, type GitHubCredentialAuthorization } from "./credential-map.ts";
import { credentialStats } from "./credential-stats.ts";
import { removeUnseenCredentials } from "./remove-unseen-credentials.ts";

/** Call after the membership row is marked removed (markMemberRemoved). */
export async function syncOwnerCredentials({ ctx, owner }: { ctx: SyncContext; owner: string }): Promise<void> {
  const { db, org, runId } = ctx;
  if ((await getCredentialSource({ db, orgId: org.id }))?.status === "available") {
    let items: GitHubCredentialAuthorization[] | null;
    try {
      items = await listOwnerCredentials({ ctx, owner });
    } catch (e) {
      // SSO turned off or the permission withdrawn since the last full sync: that sync will say so.
      if (e instanceof NotFound || e instanceof Forbidden) items = null;
      else throw e;
    }
    if (items) {
      const now = ctx.now();
      const stats = credentialStats(ctx);
      const out = await upsertCredentials({ db, orgId: org.id, rows: items.map((item) => toCredentialRow({ item, now })), runId, now });
      stats.status = "available";
      stats.seen += items.length;
      stats.added += out.added;
      stats.updated += out.updated;
      stats.removed += await removeUnseenCredentials({ ctx, login: owner });
    }
  }
  await refreshCredentialOwnerIsMember({ db, orgId: org.id, login: owner });
}
