// The credential-authorizations list URL, and one owner's authorizations in full (the `login`
// parameter of orgs/list-saml-sso-authorizations): for the removal's second look and member_removed.
import { getPage, nextPageUrl, perPageOf, ROUTES, withQuery, type Page } from "../github/calls.ts";
import type { SyncContext } from "./context.ts";
import { CredentialAuthorizationSchema, type GitHubCredentialAuthorization } from "./credential-map.ts";

export function credentialListUrl({ login, owner }: { login: string; owner?: string }): string {
  return withQuery(ROUTES.credentialAuthorizations(login), { per_page: 100, login: owner });
}

/** Every authorization of one owner (unconditional GETs, walked until a short page as the sweep is). */
export async function listOwnerCredentials({ ctx, owner }: { ctx: SyncContext; owner: string }): Promise<GitHubCredentialAuthorization[]> {
  const out: GitHubCredentialAuthorization[] = [];
  let url: string | null = credentialListUrl({ login: ctx.org.login, owner });
  while (url) {
    const page: Page<GitHubCredentialAuthorization> = await getPage({ octokit: ctx.octokit, url, schema: CredentialAuthorizationSchema, counters: ctx.counters, family: "verify" });
    if (page.status !== 200) break;
    out.push(...page.items);
    url = page.nextUrl ?? (!page.hasLink && page.items.length >= perPageOf(page.url) ? nextPageUrl(page.url) : null);
  }
  return out;
}
