// A write GitHub does not make idempotent (create an issue or a comment, commit a file) may have
// been performed although its answer never came: the client's 30 s timeout, or a 5xx sent after
// the fact. The client's own retry would then do it twice. Such a write is
// sent without that retry; after an unanswered attempt, `find` looks for what the attempt did
// (a hidden marker in the body, the file's content) and only when nothing is there is it sent again.
import { setTimeout as sleep } from "node:timers/promises";
import type { OctokitLike } from "./calls.ts";

/** Spread into the request options of a write: plugin-retry reads `request.retries`. */
export const NO_RETRY = { request: { retries: 0 } } as const;

/** 5xx, the client's timeout (a 504) or a lost connection (a 500 without an answer): GitHub may have done it. */
export function isUnanswered(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" && status >= 500;
}

export async function writeOnce<T>({ write, find, attempts = 3, backoffMs = 1000 }: {
  /** The write itself; pass NO_RETRY in its request options. */
  write: () => Promise<T>;
  /** What an earlier attempt did, or null when it did nothing. */
  find: () => Promise<T | null>;
  attempts?: number;
  backoffMs?: number;
}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!isUnanswered(error) || attempt >= attempts) throw error;
      const found = await find();
      if (found !== null) return found;
      await sleep(attempt * attempt * backoffMs);
    }
  }
}

/** The hidden marker a written body carries, so a later attempt can recognise it: `<!-- patwarden:kind key -->`. */
export function bodyMarker(kind: string, key: string): string {
  return `<!-- patwarden:${kind} ${key.replace(/-->/g, "")} -->`;
}

type Item = { number?: unknown; id?: unknown; body?: unknown; html_url?: unknown; pull_request?: unknown };
const itemsOf = (data: unknown): Item[] => (Array.isArray(data) ? (data as Item[]) : []);

/** The newest issue whose body carries `marker` among the repository's 100 newest (a lost answer is minutes old). */
export async function findIssueWithMarker({ octokit, owner, repo, marker }: {
  octokit: OctokitLike; owner: string; repo: string; marker: string;
}): Promise<{ number: number; html_url: string } | null> {
  const res = await octokit.request("GET /repos/{owner}/{repo}/issues", { owner, repo, state: "all", sort: "created", direction: "desc", per_page: 100 });
  const hit = itemsOf(res.data).find((i) => !i.pull_request && typeof i.body === "string" && i.body.includes(marker));
  return hit ? { number: Number(hit.number), html_url: String(hit.html_url ?? "") } : null;
}

/** A comment of the issue whose body carries `marker` (newest pages are not addressable: up to 10 pages). */
export async function findCommentWithMarker({ octokit, owner, repo, issueNumber, marker }: {
  octokit: OctokitLike; owner: string; repo: string; issueNumber: number; marker: string;
}): Promise<{ id: number; html_url: string } | null> {
  for (let page = 1; page <= 10; page++) {
    const res = await octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner, repo, issue_number: issueNumber, per_page: 100, page });
    const list = itemsOf(res.data);
    const hit = list.find((c) => typeof c.body === "string" && c.body.includes(marker));
    if (hit) return { id: Number(hit.id), html_url: String(hit.html_url ?? "") };
    if (list.length < 100) return null;
  }
  return null;
}
