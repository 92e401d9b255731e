import "server-only";
// Cookie attributes and URLs for the sign-in routes: httpOnly, SameSite=Lax, Secure whenever the
// browser is on https (directly or behind a TLS-terminating proxy).
import type { NextRequest } from "next/server";
import { isHttps } from "../_lib/session.ts";

function forwardedProto(request: NextRequest): string | null {
  return request.headers.get("x-forwarded-proto");
}

export function cookieAttributes({ request, expires, path = "/" }: { request: NextRequest; expires: Date; path?: string }) {
  const secure = isHttps({ protocol: request.nextUrl.protocol, forwardedProto: forwardedProto(request) });
  return { httpOnly: true, sameSite: "lax" as const, secure, path, expires };
}

/**
 * The origin the browser used. Behind the programmatic server Next does not know its own host
 * and port (request.nextUrl says localhost:3000), so the Host header decides. That is safe for
 * OAuth: GitHub only redirects to the callback URL registered for the App.
 */
export function requestOrigin(request: NextRequest): string {
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host") || request.nextUrl.host;
  const https = isHttps({ protocol: request.nextUrl.protocol, forwardedProto: forwardedProto(request) });
  return `${https ? "https" : "http"}://${host}`;
}

/** An absolute URL on this dashboard, for redirects from route handlers. */
export function dashboardUrl(request: NextRequest, path: string): URL {
  return new URL(path, requestOrigin(request));
}

/** Where GitHub sends the browser back; it must match the App's registered callback URL. */
export function callbackUrl(request: NextRequest): string {
  return dashboardUrl(request, "/api/auth/callback").toString();
}
