// The cheap refresh between full sweeps: only grants used since the last sync (one call per
// 100 of them), which is what moves between sweeps (last use; new grants are caught by the
// request-approved webhook). It never removes a grant: it does not see the whole list.
import { refreshOwnerIsMember } from "../../db/queries/members.ts";
import { GrantSchema } from "../github/schemas.ts";
import type { SyncContext } from "./context.ts";
import { sweepPages } from "./sweep-pages.ts";
import { grantListUrl } from "./grant-list-url.ts";
import { syncRepositories } from "./sync-repositories.ts";
import { upsertGrantPage } from "./upsert-grant-page.ts";

/** GitHub updates last-used times lazily; overlap the previous window so none slip between runs. */
export const LAST_USED_MARGIN_MS = 60 * 60_000;

export async function refreshGrants({ ctx, since }: { ctx: SyncContext; since: Date }): Promise<void> {
  const after = new Date(since.getTime() - LAST_USED_MARGIN_MS).toISOString().replace(/\.\d{3}Z$/, "Z");
  const newSubset: number[] = [];
  const inserted: number[] = [];
  await sweepPages({
    ctx,
    firstUrl: grantListUrl({ login: ctx.org.login, query: { last_used_after: after } }),
    resource: "grants",
    schema: GrantSchema,
    family: "grants",
    useEtags: false, // the URL changes every run
    onPage: async (page) => {
      if (page.status !== 200) return "ok";
      const { insertedIds } = await upsertGrantPage({ ctx, grants: page.items });
      const fresh = new Set(insertedIds);
      inserted.push(...insertedIds);
      newSubset.push(...page.items.filter((g) => fresh.has(g.id) && g.repository_selection === "subset").map((g) => g.id));
      return "ok";
    },
  });
  for (const id of newSubset) await syncRepositories({ ctx, of: "grant", id });
  await refreshOwnerIsMember({ db: ctx.db, orgId: ctx.org.id, grantIds: inserted });
}
