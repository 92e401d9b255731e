// Removal after a completed listing. A grant the listing missed is first looked up by its
// token_id (50 per call): a grant revoked during the sweep shifts later items one page back,
// and without this check the one it pushed past us would be marked removed by mistake.
import { listUnseenActiveGrants, removeGrants, type UnseenGrant } from "../../db/queries/grant-sync.ts";
import { listGrantsRevokedByPatwarden } from "../../db/queries/revocations.ts";
import type { RemovalReason } from "../../model/statuses.ts";
import { InvalidInput } from "../../model/errors.ts";
import { getPage, ROUTES, withQuery, type Page } from "../github/calls.ts";
import { GrantSchema, type GitHubGrant } from "../github/schemas.ts";
import type { SyncContext } from "./context.ts";
import { upsertGrantPage } from "./upsert-grant-page.ts";

const TOKEN_ID_FILTER_MAX = 50; // docs/github-api.md §1.0: token_id[] takes at most 50 items

export async function removeUnseenGrants({ ctx, ownerLogin, onFound }: {
  ctx: SyncContext;
  /** Limit to one owner's grants (after an owner-filtered listing). */
  ownerLogin?: string;
  /** Called with grants the lookup found still active (so their repositories can be checked). */
  onFound?: (grants: GitHubGrant[], insertedIds: number[]) => Promise<void>;
}): Promise<number> {
  let afterId = 0;
  let removed = 0;
  for (;;) {
    ctx.checkpoint();
    const chunk = await listUnseenActiveGrants({ db: ctx.db, orgId: ctx.org.id, runId: ctx.runId, afterId, limit: TOKEN_ID_FILTER_MAX, ownerLogin });
    if (chunk.length === 0) break;
    afterId = chunk[chunk.length - 1]!.id;
    const stillThere = await lookUpByTokenId({ ctx, chunk });
    if (stillThere.length) {
      const { insertedIds } = await upsertGrantPage({ ctx, grants: stillThere });
      await onFound?.(stillThere, insertedIds);
    }
    const alive = new Set(stillThere.map((g) => g.id));
    const now = ctx.now();
    const gone = chunk.filter((g) => !alive.has(g.id));
    // A grant a revocation job revoked can reappear in a listing while GitHub finishes (202 is asynchronous).
    const ours = new Set(await listGrantsRevokedByPatwarden({ db: ctx.db, orgId: ctx.org.id, grantIds: gone.map((g) => g.id) }));
    const removals = gone.map((g) => ({
      id: g.id,
      reason: (ours.has(g.id) ? "revoked_by_patwarden" : g.tokenExpiresAt && g.tokenExpiresAt <= now ? "expired" : "revoked_elsewhere") as RemovalReason,
    }));
    const n = await removeGrants({ db: ctx.db, orgId: ctx.org.id, removals, now });
    removed += n;
    // Counted as each chunk commits: a sync cut short (a lost connection) reports what it did remove.
    ctx.stats.grants.removed += n;
  }
  return removed;
}

async function lookUpByTokenId({ ctx, chunk }: { ctx: SyncContext; chunk: UnseenGrant[] }): Promise<GitHubGrant[]> {
  const tokenIds = [...new Set(chunk.map((g) => g.tokenId))];
  let url: string | null = withQuery(ROUTES.grants(ctx.org.login), { per_page: 100, token_id: tokenIds });
  const found: GitHubGrant[] = [];
  try {
    while (url) {
      const page: Page<GitHubGrant> = await getPage({ octokit: ctx.octokit, url, schema: GrantSchema, counters: ctx.counters, family: "verify" });
      if (page.status !== 200) break;
      found.push(...page.items);
      url = page.nextUrl;
    }
  } catch (e) {
    // Servers without the token_id filter (GHES before 3.14, §1.10) refuse it: trust the completed listing.
    if (e instanceof InvalidInput) {
      ctx.log.warn(`token_id filter refused (${e.message}); removing grants the sweep did not see without a second look`);
      return [];
    }
    throw e;
  }
  return found;
}
