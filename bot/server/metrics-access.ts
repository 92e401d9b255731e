// Who may read GET /metrics: it names every org and counts their grants, so not whoever reaches
// the port. With METRICS_TOKEN set, a Bearer token is required; without it, only loopback callers
// that did not come through a proxy (docs/security.md, "Metrics").
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

export type MetricsAccess = { ok: true } | { ok: false; status: 401 | 403; message: string };

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;
// A proxy on this host makes every caller look local; these headers say the caller is elsewhere.
const PROXY_HEADERS = ["forwarded", "x-forwarded-for", "x-real-ip"] as const;

const digest = (text: string): Buffer => createHash("sha256").update(text).digest();

export function checkMetricsAccess({ token, headers, remoteAddress }: {
  token: string | undefined;
  headers: IncomingHttpHeaders;
  remoteAddress: string | undefined;
}): MetricsAccess {
  if (token !== undefined) {
    const match = /^Bearer +(\S+)$/i.exec(headers.authorization ?? "");
    // Equal-length digests: the comparison's time says nothing about the token.
    if (match && timingSafeEqual(digest(match[1]!), digest(token))) return { ok: true };
    return { ok: false, status: 401, message: "send the METRICS_TOKEN as `Authorization: Bearer <token>`" };
  }
  const local = remoteAddress !== undefined && LOOPBACK.test(remoteAddress) && PROXY_HEADERS.every((h) => headers[h] === undefined);
  if (local) return { ok: true };
  return { ok: false, status: 403, message: "metrics answer loopback callers only; set METRICS_TOKEN to scrape from elsewhere" };
}
