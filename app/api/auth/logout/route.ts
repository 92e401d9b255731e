// Signing out: the session cookie is cleared. POST only, so a link or an image cannot sign anyone out.
import { NextResponse, type NextRequest } from "next/server";
import { cookieAttributes, dashboardUrl } from "../../../_data/auth-cookies.ts";
import { SESSION_COOKIE } from "../../../_lib/session.ts";

export async function POST(request: NextRequest) {
  const res = NextResponse.redirect(dashboardUrl(request, "/login?signed-out=1"), 303);
  res.cookies.set(SESSION_COOKIE, "", cookieAttributes({ request, expires: new Date(0) }));
  return res;
}
