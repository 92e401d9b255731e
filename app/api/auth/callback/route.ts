// Finishes the OAuth web flow: state checked, code exchanged, user and org roles fetched, session sealed.
import { timingSafeEqual } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { callbackUrl, cookieAttributes, dashboardUrl } from "../../../_data/auth-cookies.ts";
import { getDashboardRuntime } from "../../../_data/runtime.ts";
import { refreshOrgRoles } from "../../../_lib/access.ts";
import { isTokenRejected } from "../../../_lib/github-user.ts";
import {
  OAUTH_STATE_COOKIE, openOAuthState, sealSession, sessionExpiry, SESSION_COOKIE, type Session,
} from "../../../_lib/session.ts";

function sameState(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function GET(request: NextRequest) {
  const runtime = getDashboardRuntime();
  const params = request.nextUrl.searchParams;
  const fail = (error: string) => {
    const res = NextResponse.redirect(dashboardUrl(request, `/login?error=${error}`), 303);
    res.cookies.set(OAUTH_STATE_COOKIE, "", cookieAttributes({ request, expires: new Date(0), path: "/api/auth" }));
    return res;
  };
  if (!runtime.github) return fail("config");
  if (params.get("error")) return fail("denied");
  const now = runtime.now();
  const saved = await openOAuthState({ key: runtime.stateKey, cookie: request.cookies.get(OAUTH_STATE_COOKIE)?.value, now });
  const state = params.get("state");
  const code = params.get("code");
  if (!saved || !state || !code || !sameState(saved.state, state)) return fail("state");

  let session: Session;
  try {
    const token = await runtime.github.exchangeCode({ code, redirectUri: callbackUrl(request) });
    const user = await runtime.github.getUser({ token });
    const orgLogins = (await runtime.engine.orgs.listForDashboard({})).map((o) => o.login);
    const fresh: Session = { user, token, orgs: {}, signedInAt: now.getTime() };
    session = (await refreshOrgRoles({ session: fresh, orgLogins, api: runtime.github, teams: runtime.securityTeams, now })).session;
  } catch (error) {
    if (isTokenRejected(error)) return fail("denied");
    console.error("sign-in failed:", (error as Error).message);
    return fail("unavailable");
  }
  const res = NextResponse.redirect(dashboardUrl(request, saved.returnTo), 303);
  res.cookies.set(OAUTH_STATE_COOKIE, "", cookieAttributes({ request, expires: new Date(0), path: "/api/auth" }));
  res.cookies.set(SESSION_COOKIE, await sealSession({ key: runtime.sessionKey, session }), cookieAttributes({ request, expires: sessionExpiry(session) }));
  return res;
}
