// Security headers for every response of the one HTTP server, set before any handler (API routes,
// Next's pages) writes: Next keeps headers already set on the response and adds its own.
import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * script-src keeps 'unsafe-inline' because Next's App Router streams inline bootstrap scripts
 * (self.__next_f.push(…)) into every page. A nonce would need every page rendered per request:
 * prerendered pages (the 404, error pages) are written at build time without one, and under the
 * programmatic server nothing would hand Next a fresh nonce for them. What keeps this strict is
 * everything else: only this origin may serve scripts, no plugins, no <base> rewriting, no framing,
 * and forms may only go here or to GitHub's sign-in.
 * style-src: React's style={…} attributes and Recharts' inline styles need 'unsafe-inline'.
 * Dev mode (next dev) also evaluates code for hot reload, hence 'unsafe-eval' there only.
 */
export function contentSecurityPolicy({ webBaseUrl, dev = false }: { webBaseUrl: string; dev?: boolean }): string {
  const github = new URL(webBaseUrl).origin;
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    // The sign-in form submits to /api/auth/login, which redirects to GitHub's authorize page;
    // browsers check form-action on that redirect too.
    `form-action 'self' ${github}`,
  ].join("; ");
}

export function isHttpsRequest(req: IncomingMessage): boolean {
  const forwarded = String(req.headers["x-forwarded-proto"] ?? "").split(",")[0]?.trim().toLowerCase();
  return forwarded === "https" || Boolean((req.socket as { encrypted?: boolean }).encrypted);
}

export function createSecurityHeaders({ webBaseUrl, dev = false }: { webBaseUrl: string; dev?: boolean }) {
  const csp = contentSecurityPolicy({ webBaseUrl, dev });
  return (req: IncomingMessage, res: ServerResponse): void => {
    res.setHeader("content-security-policy", csp);
    res.setHeader("x-frame-options", "DENY");
    res.setHeader("x-content-type-options", "nosniff");
    res.setHeader("referrer-policy", "strict-origin-when-cross-origin");
    res.setHeader("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
    res.setHeader("cross-origin-opener-policy", "same-origin");
    // Only over https: sent over http, a proxy-less dev server would pin browsers to https.
    if (isHttpsRequest(req)) res.setHeader("strict-transport-security", "max-age=31536000; includeSubDomains");
  };
}
