// The revoke-side GitHub calls (docs/github-api.md §1.2, §1.3) and the look-up that tells which
// grants GitHub still lists. A refusal (404/422) or an outage (5xx/timeout after the client's own
// retries) is an outcome the engine decides on; anything else (lost permission, rate limit) stops the job.
import { PatwardenError } from "../../model/errors.ts";
import { createCallCounters, getPage, ROUTES, withQuery, type OctokitLike, type Page } from "../github/calls.ts";
import { toPatwardenError } from "../github/errors.ts";
import { GrantSchema, RequestSchema } from "../github/schemas.ts";
import { plural } from "../../model/words.ts";

/** `refused`: GitHub answered 404/422 (some id it does not know, or an invalid call); `unavailable`: 5xx, timeouts, network. */
export type CallOutcome = { ok: true } | { ok: false; kind: "refused" | "unavailable"; error: string; status?: number };

export const BULK_REVOKE_MAX = 100; // §1.2 maxItems
export const TOKEN_ID_FILTER_MAX = 50; // §1.0 token_id[] maxItems

/**
 * Turns a failed call into an outcome. Errors without an HTTP status that are not ours (a bug, a
 * crash) propagate unchanged: they must not be mistaken for GitHub refusing the ids.
 */
export function classifyCallError({ error, what }: { error: unknown; what: string }): CallOutcome {
  const status = (error as { status?: unknown } | null)?.status;
  if (!(error instanceof PatwardenError) && typeof status !== "number") throw error;
  const e = toPatwardenError({ error, what });
  const known = typeof status === "number" ? { status } : {};
  if (e.kind === "InvalidInput" || e.kind === "NotFound") return { ok: false, kind: "refused", error: e.message, ...known };
  if (e.kind === "GitHubUnavailable") return { ok: false, kind: "unavailable", error: e.message, ...known };
  throw e;
}

export async function sendBulkRevoke({ octokit, login, patIds }: { octokit: OctokitLike; login: string; patIds: number[] }): Promise<CallOutcome> {
  try {
    await octokit.request("POST /orgs/{org}/personal-access-tokens", { org: login, action: "revoke", pat_ids: patIds });
    return { ok: true };
  } catch (error) {
    return classifyCallError({ error, what: `POST /orgs/${login}/personal-access-tokens (${plural(patIds.length, "grant")})` });
  }
}

export async function sendSingleRevoke({ octokit, login, patId }: { octokit: OctokitLike; login: string; patId: number }): Promise<CallOutcome> {
  try {
    await octokit.request("POST /orgs/{org}/personal-access-tokens/{pat_id}", { org: login, pat_id: patId, action: "revoke" });
    return { ok: true };
  } catch (error) {
    return classifyCallError({ error, what: `POST /orgs/${login}/personal-access-tokens/${patId}` });
  }
}

/**
 * The ids GitHub still lists, looked up by token_id (≤ 50 a call). A token approved again after a
 * revocation has a new grant id, so only an exact grant id match counts as still there.
 * null when the server refuses the token_id filter (GHES before 3.14, §1.10).
 */
export async function findListedIds({ octokit, login, of, items }: {
  octokit: OctokitLike; login: string; of: "grants" | "requests"; items: { id: number; tokenId: number }[];
}): Promise<Set<number> | null> {
  const listed = new Set<number>();
  const tokenIds = [...new Set(items.map((i) => i.tokenId))];
  const counters = createCallCounters();
  const route = of === "grants" ? ROUTES.grants(login) : ROUTES.requests(login);
  const schema = of === "grants" ? GrantSchema : RequestSchema;
  for (let i = 0; i < tokenIds.length; i += TOKEN_ID_FILTER_MAX) {
    let url: string | null = withQuery(route, { per_page: 100, token_id: tokenIds.slice(i, i + TOKEN_ID_FILTER_MAX) });
    while (url) {
      let page: Page<{ id: number }>;
      try {
        page = await getPage({ octokit, url, schema, counters, family: "verify" });
      } catch (e) {
        if (e instanceof PatwardenError && e.kind === "InvalidInput") return null;
        throw e;
      }
      if (page.status !== 200) break;
      for (const g of page.items) listed.add(g.id);
      url = page.nextUrl;
    }
  }
  return listed;
}

/** Removes one SSO credential authorization (§4.2): 204; 404 when GitHub no longer has it. */
export async function sendCredentialRemoval({ octokit, login, credentialId }: { octokit: OctokitLike; login: string; credentialId: number }): Promise<CallOutcome> {
  try {
    await octokit.request("DELETE /orgs/{org}/credential-authorizations/{credential_id}", { org: login, credential_id: credentialId });
    return { ok: true };
  } catch (error) {
    return classifyCallError({ error, what: `DELETE /orgs/${login}/credential-authorizations/${credentialId}` });
  }
}
