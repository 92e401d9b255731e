// The API calls of a first sync alone, no database: the yardstick for "database work overlaps
// network work". Same client (createGitHubApp: throttling, retry, auth), same order and shape as
// the sync: grant pages one after another with one page fetched ahead, each subset grant's
// repositories listed beside the walk by REPOSITORY_CONCURRENCY listings at a time; beside that
// (as syncOrg runs them side by side) pending requests and their repositories, and owners then
// members. Responses are parsed, nothing stored.
import { ROUTES, withQuery } from "../bot/github/calls.ts";
import type { GitHubClient } from "../bot/github/client.ts";
import { REPOSITORY_CONCURRENCY } from "../bot/sync/sweep-grants.ts";
import { REQUEST_REPOSITORY_CONCURRENCY } from "../bot/sync/sweep-requests.ts";
import { createTaskPool } from "../bot/sync/task-pool.ts";

export type ApiOnlyResult = { calls: number; durationMs: number };

type Item = { id: number; repository_selection?: string };

export async function runApiOnly({ octokit, org }: { octokit: GitHubClient; org: string }): Promise<ApiOnlyResult> {
  const t0 = performance.now();
  let calls = 0;
  const get = async (url: string): Promise<{ items: Item[]; next: string | null }> => {
    calls++;
    const res = await octokit.request(`GET ${url}`);
    const link = String((res.headers as Record<string, unknown>).link ?? "");
    const next = /<([^>]+)>;\s*rel="next"/.exec(link)?.[1] ?? null;
    return { items: res.data as Item[], next: next ? relative(next) : null };
  };
  /** Walks a listing with one page fetched ahead, as sweepPages does. */
  const walk = async (first: string, onPage: (items: Item[]) => Promise<void>) => {
    let inflight = get(first);
    for (;;) {
      const page = await inflight;
      if (page.next) inflight = get(page.next);
      await onPage(page.items);
      if (!page.next) break;
    }
  };
  const listAll = (url: string) => walk(url, async () => {});
  const withRepositories = async (first: string, repos: (id: number) => string, concurrency: number) => {
    const pool = createTaskPool({ concurrency, maxQueued: 200 });
    await walk(first, async (items) => {
      for (const g of items.filter((i) => i.repository_selection === "subset")) await pool.push(() => listAll(withQuery(repos(g.id), { per_page: 100 })));
    });
    await pool.drain();
  };
  // Side by side, as syncOrg runs its three sweeps.
  await Promise.all([
    withRepositories(withQuery(ROUTES.grants(org), { per_page: 100, sort: "created_at", direction: "asc" }), (id) => ROUTES.grantRepositories(org, id), REPOSITORY_CONCURRENCY),
    withRepositories(withQuery(ROUTES.requests(org), { per_page: 100, sort: "created_at", direction: "asc" }), (id) => ROUTES.requestRepositories(org, id), REQUEST_REPOSITORY_CONCURRENCY),
    (async () => {
      await listAll(withQuery(ROUTES.members(org), { role: "admin", per_page: 100 }));
      await listAll(withQuery(ROUTES.members(org), { per_page: 100 }));
    })(),
  ]);
  return { calls, durationMs: Math.round(performance.now() - t0) };
}

function relative(url: string): string {
  const u = new URL(url);
  return `${u.pathname.replace(/^\/api\/v3(?=\/)/, "")}${u.search}`;
}
