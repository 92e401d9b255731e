// GitHub's OAuth web flow for the App's client, at the web root (not /api/v3): an authorize page
// that lets you pick a demo user, and the code → user-token exchange.
import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { issueUserToken } from "./auth.ts";
import type { SimResponse } from "./http-util.ts";
import type { SimState } from "./types.ts";

const CODE_TTL_MS = 10 * 60_000;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function html(status: number, title: string, body: string): SimResponse {
  const content = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
  return { status, text: { contentType: "text/html; charset=utf-8", content } };
}

/** The users offered on the sign-in page: per org an owner, a member, a security-team member; and a non-member. */
function demoUsers(state: SimState): Array<{ login: string; label: string }> {
  const out: Array<{ login: string; label: string }> = [];
  for (const org of state.orgs.values()) {
    out.push(
      { login: org.demo.owner, label: `owner of ${org.login}` },
      { login: org.demo.member, label: `member of ${org.login}` },
      { login: org.demo.securityTeamMember, label: `member of ${org.login}, team security` },
    );
  }
  out.push({ login: state.outsiderLogin, label: "not a member of any org" });
  return out;
}

export function handleAuthorize(state: SimState, url: URL): SimResponse {
  const q = url.searchParams;
  if (q.get("client_id") !== state.app.clientId) return html(404, "Unknown OAuth client", "<p>client_id does not match the simulator App.</p>");
  const redirectUri = q.get("redirect_uri");
  if (!redirectUri) return html(400, "Missing redirect_uri", "<p>The simulator App has no default callback URL; pass redirect_uri.</p>");
  const login = q.get("login");
  if (!login) {
    const links = demoUsers(state).map((u) => {
      const next = new URL(url.toString());
      next.searchParams.set("login", u.login);
      return `<li><a href="${escapeHtml(next.pathname + next.search)}">${escapeHtml(u.login)}</a> — ${escapeHtml(u.label)}</li>`;
    });
    return html(200, `Sign in to ${state.app.name}`, `<p>Pick a simulated GitHub user:</p><ul>${links.join("")}</ul>`);
  }
  const user = state.usersByLogin.get(login.toLowerCase());
  if (!user) return html(404, "Unknown user", `<p>No simulated user ${escapeHtml(login)}.</p>`);
  const code = randomBytes(10).toString("hex");
  state.oauthCodes.set(code, { userId: user.id, clientId: state.app.clientId, redirectUri, expiresAt: state.now().getTime() + CODE_TTL_MS });
  const target = new URL(redirectUri);
  target.searchParams.set("code", code);
  const stateParam = q.get("state");
  if (stateParam !== null) target.searchParams.set("state", stateParam);
  return { status: 302, headers: { location: target.toString() }, text: { contentType: "text/html; charset=utf-8", content: "" } };
}

function parseParams(req: IncomingMessage, url: URL, bodyText: string): URLSearchParams {
  const params = new URLSearchParams(url.search);
  const type = req.headers["content-type"] ?? "";
  if (type.includes("application/json") && bodyText.trim()) {
    try {
      const parsed = JSON.parse(bodyText) as Record<string, unknown>;
      for (const [k, v] of Object.entries(parsed)) if (v !== undefined && v !== null) params.set(k, String(v));
    } catch {
      // An unreadable body just means the parameters are missing; the error below says which.
    }
  } else {
    for (const [k, v] of new URLSearchParams(bodyText)) params.set(k, v);
  }
  return params;
}

export function handleAccessToken(args: { state: SimState; req: IncomingMessage; url: URL; bodyText: string }): SimResponse {
  const { state, req } = args;
  const p = parseParams(req, args.url, args.bodyText);
  const wantsJson = (req.headers.accept ?? "").includes("application/json");
  const answer = (fields: Record<string, string>): SimResponse =>
    wantsJson ? { status: 200, body: fields } : { status: 200, text: { contentType: "application/x-www-form-urlencoded; charset=utf-8", content: new URLSearchParams(fields).toString() } };
  const docs = "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors";
  if (p.get("client_id") !== state.app.clientId || p.get("client_secret") !== state.app.clientSecret) {
    return answer({ error: "incorrect_client_credentials", error_description: "The client_id and/or client_secret passed are incorrect.", error_uri: `${docs}#incorrect-client-credentials` });
  }
  const code = p.get("code") ?? "";
  const grant = state.oauthCodes.get(code);
  state.oauthCodes.delete(code);
  const redirectUri = p.get("redirect_uri");
  if (!grant || grant.expiresAt <= state.now().getTime() || (redirectUri !== null && redirectUri !== grant.redirectUri)) {
    return answer({ error: "bad_verification_code", error_description: "The code passed is incorrect or expired.", error_uri: `${docs}#bad-verification-code` });
  }
  return answer({ access_token: issueUserToken({ state, userId: grant.userId }), token_type: "bearer", scope: "" });
}
