// Runs before Next for each dashboard request: re-asks GitHub for org roles older than five
// minutes and rewrites the session cookie, both in the response and in the request Next is
// about to see. Server Components cannot set cookies, so this is where the cached roles in the
// cookie get renewed. Pages still check freshness themselves and fall back to a live check.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { refreshOrgRoles } from "../_lib/access.ts";
import { readCookie, replaceCookie, serializeCookie } from "../_lib/cookie-header.ts";
import { isTokenRejected } from "../_lib/github-user.ts";
import { openLiveSession } from "../_lib/live-session.ts";
import { isHttps, sealSession, sessionCookieOptions, sessionExpiry, SESSION_COOKIE } from "../_lib/session.ts";
import type { DashboardRuntime } from "../_data/runtime.ts";

/** Static assets and the sign-in routes (which write the cookie themselves) are left alone. */
const SKIP = /^\/(_next\/|api\/auth\/|favicon\.ico)/;

function setCookie(req: IncomingMessage, res: ServerResponse, value: string | null, expires: Date): void {
  const secure = isHttps({ protocol: (req.socket as TLSSocket).encrypted ? "https:" : "http:", forwardedProto: req.headers["x-forwarded-proto"] as string | undefined });
  res.appendHeader("set-cookie", serializeCookie(SESSION_COOKIE, value ?? "", sessionCookieOptions({ secure, expiresAt: expires })));
  req.headers.cookie = replaceCookie(req.headers.cookie, SESSION_COOKIE, value);
}

export async function refreshSessionCookie({ req, res, runtime }: {
  req: IncomingMessage; res: ServerResponse; runtime: DashboardRuntime;
}): Promise<"none" | "kept" | "refreshed" | "cleared"> {
  const path = (req.url ?? "/").split("?")[0]!;
  if (SKIP.test(path)) return "none";
  const cookie = readCookie(req.headers.cookie, SESSION_COOKIE);
  if (cookie === undefined) return "none";
  const now = runtime.now();
  const session = await openLiveSession({ engine: runtime.engine, key: runtime.sessionKey, cookie, now });
  if (!session) {
    setCookie(req, res, null, new Date(0));
    return "cleared";
  }
  if (!runtime.github) return "kept";
  try {
    const orgLogins = (await runtime.engine.orgs.listForDashboard({})).map((o) => o.login);
    const result = await refreshOrgRoles({ session, orgLogins, api: runtime.github, teams: runtime.securityTeams, now });
    if (!result.changed) return "kept";
    setCookie(req, res, await sealSession({ key: runtime.sessionKey, session: result.session }), sessionExpiry(result.session));
    return "refreshed";
  } catch (error) {
    if (isTokenRejected(error)) {
      setCookie(req, res, null, new Date(0));
      return "cleared";
    }
    // GitHub unreachable: keep the old cookie; pages see stale roles and check (and fail) closed.
    return "kept";
  }
}
