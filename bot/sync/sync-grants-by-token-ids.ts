// For the request-approved webhook: fetch just the new grant(s) by token_id — one call per 50
// tokens, not a sweep — with their repositories.
import type { Db } from "../../db/client.ts";
import { refreshOwnerIsMember } from "../../db/queries/members.ts";
import { getPage, type OctokitLike, type Page } from "../github/calls.ts";
import { GrantSchema, type GitHubGrant } from "../github/schemas.ts";
import type { OrgRef, SyncLog } from "./context.ts";
import { recordRun, type SyncResult } from "./record-run.ts";
import { grantListUrl } from "./grant-list-url.ts";
import { syncRepositories } from "./sync-repositories.ts";
import { upsertGrantPage } from "./upsert-grant-page.ts";

const TOKEN_ID_FILTER_MAX = 50; // docs/github-api.md §1.0

export async function syncGrantsByTokenIds(args: {
  db: Db; octokit: OctokitLike; org: OrgRef; tokenIds: number[]; trigger?: string; log?: SyncLog; now?: () => Date;
}): Promise<SyncResult> {
  const tokenIds = [...new Set(args.tokenIds)];
  return recordRun({
    ...args,
    kind: "grant",
    trigger: args.trigger ?? "webhook",
    step: async (ctx) => {
      const touched: number[] = [];
      for (let i = 0; i < tokenIds.length; i += TOKEN_ID_FILTER_MAX) {
        const chunk = tokenIds.slice(i, i + TOKEN_ID_FILTER_MAX);
        let url: string | null = grantListUrl({ login: ctx.org.login, query: { token_id: chunk.map(String) } });
        while (url) {
          const page: Page<GitHubGrant> = await getPage({ octokit: ctx.octokit, url, schema: GrantSchema, counters: ctx.counters, family: "grants" });
          if (page.status !== 200) break;
          await upsertGrantPage({ ctx, grants: page.items });
          touched.push(...page.items.map((g) => g.id));
          for (const g of page.items) if (g.repository_selection === "subset") await syncRepositories({ ctx, of: "grant", id: g.id });
          url = page.nextUrl;
        }
      }
      await refreshOwnerIsMember({ db: ctx.db, orgId: ctx.org.id, grantIds: touched });
    },
  });
}
