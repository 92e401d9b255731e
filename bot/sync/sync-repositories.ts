// The repositories of one `subset` grant or request. Rows change only after the whole listing
// completed; a listing that answered 304 on every page changes nothing at all.
import { replaceGrantRepositories, type RepositoryRow } from "../../db/queries/grant-sync.ts";
import { replaceRequestRepositories } from "../../db/queries/request-sync.ts";
import { saveSyncPages } from "../../db/queries/sync-pages.ts";
import type { NewSyncPage } from "../../db/schema.ts";
import { NotFound } from "../errors.ts";
import { ROUTES, withQuery } from "../github/calls.ts";
import { RepositorySchema } from "../github/schemas.ts";
import type { SyncContext } from "./context.ts";
import { toRepositoryRow } from "./map.ts";
import { sweepPages } from "./sweep-pages.ts";

export async function syncRepositories({ ctx, of, id }: { ctx: SyncContext; of: "grant" | "request"; id: number }): Promise<void> {
  const path = of === "grant" ? ROUTES.grantRepositories(ctx.org.login, id) : ROUTES.requestRepositories(ctx.org.login, id);
  const repos: RepositoryRow[] = [];
  const keepIds: number[] = [];
  const records: NewSyncPage[] = [];
  let changed = false;
  try {
    await sweepPages({
      ctx,
      firstUrl: withQuery(path, { per_page: 100 }),
      resource: of === "grant" ? "grant-repositories" : "request-repositories",
      parentId: id,
      schema: RepositorySchema,
      family: of === "grant" ? "grant-repositories" : "request-repositories",
      onPage: async (page) => {
        keepIds.push(...page.ids);
        if (page.status === 200) {
          changed = true;
          repos.push(...page.items.map(toRepositoryRow));
          if (page.record) records.push(page.record);
        }
        return "ok";
      },
    });
  } catch (e) {
    // Revoked (or reviewed) between the list call and this one: the sweep's removal step deals with it.
    if (e instanceof NotFound) return;
    throw e;
  }
  if (!changed) return;
  await ctx.db.transaction(async (tx) => {
    if (of === "grant") await replaceGrantRepositories({ db: tx, orgId: ctx.org.id, grantId: id, repos, keepIds });
    else await replaceRequestRepositories({ db: tx, orgId: ctx.org.id, requestId: id, repos, keepIds });
    await saveSyncPages({ db: tx, pages: records });
  });
}
