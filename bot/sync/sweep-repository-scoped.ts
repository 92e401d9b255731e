// Which way to fetch subset grants' repositories, and the repository-scoped way itself.
// Per grant: one listing per subset grant (conditional, so free on re-syncs once ETags exist).
// Repository-scoped: list the installation's repositories, then the grants of each with the
// `repository` filter (docs/github-api.md §10: subset grants that include it, plus every
// `all` grant), and invert. Only possible when the installation sees every org repository, and
// only cheaper when `all` grants are few and subset grants many. When unsure: per grant.
import { z } from "zod";
import { countStoredGrantRepositoryPages, getInstallationSelection } from "../../db/queries/sync-strategy.ts";
import type { RepositoryRow } from "../../db/queries/repository-sync.ts";
import { toPatwardenError } from "../github/errors.ts";
import { GrantSchema, RepositorySchema, type GitHubRepository } from "../github/schemas.ts";
import { parseNextLink, type CallCounters } from "../github/calls.ts";
import type { SyncContext } from "./context.ts";
import { toRepositoryRow } from "./map.ts";
import { grantListUrl } from "./grant-list-url.ts";
import { sweepPages } from "./sweep-pages.ts";
import type { TaskPool } from "./task-pool.ts";

export type RepositoryStrategy = "per-grant" | "repository";

/** Below this many subset grants the most a choice could save is not worth a probe call. */
export const MIN_SUBSET_FOR_CHOICE = 100;
/** Subset grants fetched per grant to estimate repositories per grant before choosing. */
export const SAMPLE = 20;

export type StrategyCounts = { repositories: number; all: number; subset: number; sampledRepos: number; sampled: number };

/** Calls the repository-scoped way would cost, bounded from above: each listing holds every
 * `all` grant plus the subset grants that include that repository. */
export function repositoryScopedCost(c: StrategyCounts): number {
  const meanRepos = c.sampled > 0 ? c.sampledRepos / c.sampled : 30;
  const memberships = c.subset * meanRepos * 1.5; // a margin for the sample's error
  return Math.ceil(c.repositories / 100) + c.repositories * (Math.ceil(c.all / 100) + 1) + Math.ceil(memberships / 100);
}

/** Whether the choice can be open at all: registered with every repository, no per-grant ETags to reuse. */
export async function strategyOpen({ ctx }: { ctx: SyncContext }): Promise<{ open: boolean; reason: string }> {
  if (ctx.repositoryStrategy === "per-grant") return { open: false, reason: "asked for per-grant" };
  const selection = await getInstallationSelection({ db: ctx.db, orgId: ctx.org.id });
  if (selection !== "all" && ctx.repositoryStrategy !== "repository") return { open: false, reason: `installation repository_selection is ${selection ?? "unknown"}` };
  if (ctx.repositoryStrategy !== "repository" && (await countStoredGrantRepositoryPages({ db: ctx.db, orgId: ctx.org.id })) > 0) {
    return { open: false, reason: "per-grant ETags stored: unchanged listings are free 304s" };
  }
  return { open: true, reason: "installation sees every repository" };
}

const InstallationRepos = z.object({ total_count: z.number().int(), repository_selection: z.string(), repositories: z.array(RepositorySchema) });

function countCall(counters: CallCounters, headers: Record<string, unknown>): void {
  counters.calls++;
  counters.byFamily["installation-repositories"] = (counters.byFamily["installation-repositories"] ?? 0) + 1;
  const remaining = headers["x-ratelimit-remaining"];
  if (remaining !== undefined) counters.rateLimitRemaining = Number(remaining);
  counters.rateLimitSpent++;
}

/** One page of GET /installation/repositories (an object, not a bare list, so not getPage). */
export async function installationReposPage({ ctx, url }: { ctx: SyncContext; url: string }) {
  let res;
  try {
    res = await ctx.octokit.request(`GET ${url}`);
  } catch (error) {
    const e = error as { status?: number; response?: { headers?: Record<string, unknown> } };
    if (typeof e.status === "number") countCall(ctx.counters, e.response?.headers ?? {});
    throw toPatwardenError({ error, what: `GET ${url}` });
  }
  countCall(ctx.counters, res.headers);
  const body = InstallationRepos.parse(typeof res.data === "string" ? JSON.parse(res.data) : res.data);
  return { ...body, nextUrl: parseNextLink(res.headers.link) };
}

/** Every repository the installation sees; null when it does not see them all after all. */
async function listInstallationRepos({ ctx }: { ctx: SyncContext }): Promise<GitHubRepository[] | null> {
  const out: GitHubRepository[] = [];
  let url: string | null = "/installation/repositories?per_page=100";
  while (url) {
    ctx.checkpoint();
    const page = await installationReposPage({ ctx, url });
    if (page.repository_selection !== "all") return null;
    out.push(...page.repositories);
    url = page.nextUrl;
  }
  return out;
}

/**
 * The repositories of each of `subsetIds`, from one `repository=` listing per repository.
 * null: the installation no longer sees every repository (the caller falls back to per grant).
 */
export async function repositoriesByRepositoryListing({ ctx, subsetIds, pool }: {
  ctx: SyncContext; subsetIds: readonly number[]; pool: TaskPool;
}): Promise<Map<number, RepositoryRow[]> | null> {
  const repos = await listInstallationRepos({ ctx });
  if (!repos) return null;
  const byGrant = new Map<number, RepositoryRow[]>(subsetIds.map((id) => [id, []]));
  for (const repo of repos) {
    const row = toRepositoryRow(repo);
    await pool.push(async () => {
      await sweepPages({
        ctx,
        firstUrl: grantListUrl({ login: ctx.org.login, query: { repository: repo.name } }),
        resource: "grants",
        schema: GrantSchema,
        family: "repository-grants",
        useEtags: false,
        onPage: async (page) => {
          // `all` grants are in every listing and carry no repository rows; grants the walk did
          // not see (created since) are left to the next sweep.
          if (page.status === 200) for (const g of page.items) if (g.repository_selection === "subset") byGrant.get(g.id)?.push(row);
          return "ok";
        },
      });
    });
  }
  await pool.drain();
  return byGrant;
}
