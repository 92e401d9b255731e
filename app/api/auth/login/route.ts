// Starts the OAuth web flow: a random state, sealed into a short-lived cookie (CSRF check on return).
import { randomBytes } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { callbackUrl, cookieAttributes, dashboardUrl } from "../../../_data/auth-cookies.ts";
import { getDashboardRuntime } from "../../../_data/runtime.ts";
import { OAUTH_STATE_COOKIE, OAUTH_STATE_TTL_MS, safeReturnTo, sealOAuthState } from "../../../_lib/session.ts";

export async function GET(request: NextRequest) {
  const runtime = getDashboardRuntime();
  if (!runtime.github) return NextResponse.redirect(dashboardUrl(request, "/login?error=config"), 303);
  const now = runtime.now();
  const state = randomBytes(24).toString("base64url");
  const returnTo = safeReturnTo(request.nextUrl.searchParams.get("next"));
  const response = NextResponse.redirect(runtime.github.authorizeUrl({ redirectUri: callbackUrl(request), state }), 303);
  response.cookies.set(
    OAUTH_STATE_COOKIE,
    await sealOAuthState({ key: runtime.stateKey, value: { state, returnTo }, now }),
    cookieAttributes({ request, expires: new Date(now.getTime() + OAUTH_STATE_TTL_MS), path: "/api/auth" }),
  );
  return response;
}
