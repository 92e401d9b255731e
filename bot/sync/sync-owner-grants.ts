// For `organization.member_removed`: one owner-filtered listing refreshes that owner's grants
// (and one login-filtered listing their SSO credentials, sync-owner-credentials.ts).
// The listing is complete for this owner, so their grants it no longer shows may be removed;
// and GitHub told us they left, so their grants are flagged owner_is_member = false.
import type { Db } from "../../db/client.ts";
import { markMemberRemoved } from "../../db/queries/members.ts";
import type { OctokitLike } from "../github/calls.ts";
import { GrantSchema } from "../github/schemas.ts";
import type { OrgRef, SyncLog } from "./context.ts";
import { recordRun, type SyncResult } from "./record-run.ts";
import { removeUnseenGrants } from "./remove-unseen-grants.ts";
import { sweepPages } from "./sweep-pages.ts";
import { grantListUrl } from "./grant-list-url.ts";
import { syncOwnerCredentials } from "./sync-owner-credentials.ts";
import { syncRepositories } from "./sync-repositories.ts";
import { upsertGrantPage } from "./upsert-grant-page.ts";

export async function syncOwnerGrants(args: {
  db: Db; octokit: OctokitLike; org: OrgRef; owner: string; trigger?: string; log?: SyncLog; now?: () => Date;
}): Promise<SyncResult> {
  return recordRun({
    ...args,
    kind: "owner",
    trigger: args.trigger ?? "webhook",
    step: async (ctx) => {
      const subset: number[] = [];
      await sweepPages({
        ctx,
        firstUrl: grantListUrl({ login: ctx.org.login, query: { owner: [args.owner] } }),
        resource: "grants",
        schema: GrantSchema,
        family: "grants",
        useEtags: false,
        onPage: async (page) => {
          if (page.status !== 200) return "ok";
          await upsertGrantPage({ ctx, grants: page.items });
          subset.push(...page.items.filter((g) => g.repository_selection === "subset").map((g) => g.id));
          return "ok";
        },
      });
      await removeUnseenGrants({ ctx, ownerLogin: args.owner });
      for (const id of subset) await syncRepositories({ ctx, of: "grant", id });
      await markMemberRemoved({ db: ctx.db, orgId: ctx.org.id, login: args.owner, now: ctx.now() });
      await syncOwnerCredentials({ ctx, owner: args.owner });
    },
  });
}
