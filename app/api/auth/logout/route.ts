// Signing out: the sign-in is recorded as ended (so a copied cookie stops working too) and the
// session cookie is cleared. POST only, so a link or an image cannot sign anyone out.
import { NextResponse, type NextRequest } from "next/server";
import { cookieAttributes, dashboardUrl } from "../../../_data/auth-cookies.ts";
import { getDashboardRuntime } from "../../../_data/runtime.ts";
import { signOutSession } from "../../../_lib/live-session.ts";
import { SESSION_COOKIE } from "../../../_lib/session.ts";

export async function POST(request: NextRequest) {
  const runtime = getDashboardRuntime();
  await signOutSession({ engine: runtime.engine, key: runtime.sessionKey, cookie: request.cookies.get(SESSION_COOKIE)?.value, now: runtime.now() });
  const res = NextResponse.redirect(dashboardUrl(request, "/login?signed-out=1"), 303);
  res.cookies.set(SESSION_COOKIE, "", cookieAttributes({ request, expires: new Date(0) }));
  return res;
}
