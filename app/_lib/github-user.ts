// The few GitHub calls made *as the signed-in user* (OAuth web flow, who am I, what is my role).
// Plain fetch: these are four small JSON calls, and the same module runs inside Next's server
// bundle and in the server handler's session refresh, so it stays free of Octokit's plugins.
import { GitHubUnavailable } from "../../model/errors.ts";

/** GitHub answered 401: the token was revoked or expired; the session is over. */
export class TokenRejected extends Error {
  constructor() {
    super("GitHub no longer accepts this sign-in; sign in again");
    this.name = "TokenRejected";
  }
}

/**
 * By name, not instanceof: the API object is created in the server process while pages run from
 * Next's bundle, which has its own copy of this class.
 */
export function isTokenRejected(error: unknown): boolean {
  return error instanceof Error && error.name === "TokenRejected";
}

export type GitHubUser = { id: number; login: string; name: string | null; avatarUrl: string | null };
export type Membership = { role: "admin" | "member"; state: "active" | "pending" };

export type GitHubUserApi = {
  authorizeUrl(args: { redirectUri: string; state: string }): string;
  exchangeCode(args: { code: string; redirectUri: string }): Promise<string>;
  getUser(args: { token: string }): Promise<GitHubUser>;
  /** null when the user is not a member of the org (404/403). */
  getOrgMembership(args: { token: string; org: string }): Promise<Membership | null>;
  /** null when the user is not on the team. */
  getTeamMembership(args: { token: string; org: string; team: string; login: string }): Promise<{ state: string } | null>;
};

type Options = {
  apiBaseUrl: string;
  webBaseUrl: string;
  clientId: string;
  clientSecret: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
};

export function createGitHubUserApi({ apiBaseUrl, webBaseUrl, clientId, clientSecret, fetch: doFetch = fetch, timeoutMs = 10_000 }: Options): GitHubUserApi {
  async function call(url: string, init: RequestInit): Promise<Response> {
    try {
      return await doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new GitHubUnavailable(`GitHub could not be reached at ${new URL(url).origin} (${(error as Error).message}); try again in a moment.`);
    }
  }
  async function getJson(path: string, token: string): Promise<{ status: number; body: unknown }> {
    const res = await call(`${apiBaseUrl}${path}`, {
      headers: { accept: "application/vnd.github+json", authorization: `Bearer ${token}`, "x-github-api-version": "2022-11-28" },
    });
    if (res.status === 401) throw new TokenRejected();
    if (res.status >= 500) throw new GitHubUnavailable(`GitHub could not confirm who you are and what you may see (it answered ${res.status}); try again in a moment.`);
    return { status: res.status, body: res.status === 204 ? null : await res.json().catch(() => null) };
  }
  const seg = encodeURIComponent;

  return {
    authorizeUrl({ redirectUri, state }) {
      const u = new URL(`${webBaseUrl}/login/oauth/authorize`);
      u.searchParams.set("client_id", clientId);
      u.searchParams.set("redirect_uri", redirectUri);
      u.searchParams.set("state", state);
      return u.toString();
    },
    async exchangeCode({ code, redirectUri }) {
      const res = await call(`${webBaseUrl}/login/oauth/access_token`, {
        method: "POST",
        headers: { accept: "application/json", "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ client_id: clientId, client_secret: clientSecret, code, redirect_uri: redirectUri }).toString(),
      });
      const body = (await res.json().catch(() => ({}))) as { access_token?: unknown; error?: unknown; error_description?: unknown };
      if (res.ok && typeof body.access_token === "string" && body.access_token) return body.access_token;
      if (res.status >= 500) throw new GitHubUnavailable(`GitHub answered ${res.status} while finishing sign-in; try again.`);
      throw new TokenRejected();
    },
    async getUser({ token }) {
      const { status, body } = await getJson("/user", token);
      const u = body as { id?: unknown; login?: unknown; name?: unknown; avatar_url?: unknown } | null;
      if (status !== 200 || typeof u?.id !== "number" || typeof u.login !== "string") throw new TokenRejected();
      return { id: u.id, login: u.login, name: typeof u.name === "string" ? u.name : null, avatarUrl: typeof u.avatar_url === "string" ? u.avatar_url : null };
    },
    async getOrgMembership({ token, org }) {
      const { status, body } = await getJson(`/user/memberships/orgs/${seg(org)}`, token);
      if (status === 404 || status === 403) return null;
      const m = body as { role?: unknown; state?: unknown } | null;
      if (status !== 200 || (m?.role !== "admin" && m?.role !== "member")) {
        throw new GitHubUnavailable(`GitHub answered ${status} with an unexpected membership for ${org}; try again.`);
      }
      return { role: m.role, state: m.state === "active" ? "active" : "pending" };
    },
    async getTeamMembership({ token, org, team, login }) {
      const { status, body } = await getJson(`/orgs/${seg(org)}/teams/${seg(team)}/memberships/${seg(login)}`, token);
      if (status === 404 || status === 403) return null;
      const m = body as { state?: unknown } | null;
      return status === 200 ? { state: typeof m?.state === "string" ? m.state : "active" } : null;
    },
  };
}
