// POSTs the policy run's JSON message to notify.webhookUrl without becoming a way into the
// network patwarden runs in: anyone who can push .github/patwarden.yml chooses the URL, so an
// address that is not public (loopback, private, link-local such as a cloud metadata service,
// unique-local …) is refused unless its host is named in NOTIFY_WEBHOOK_ALLOWED_HOSTS. The check
// runs in the socket's own DNS lookup, so a name cannot resolve to a public address for a check
// and a private one for the connection; redirects are not followed.
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";

// One list per family: a BlockList matches IPv4 addresses against IPv4-mapped IPv6 rules too.
const NOT_PUBLIC_V4 = new net.BlockList();
const NOT_PUBLIC_V6 = new net.BlockList();
for (const [prefix, bits] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24], ["203.0.113.0", 24],
  ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) NOT_PUBLIC_V4.addSubnet(prefix, bits, "ipv4");
for (const [prefix, bits] of [
  ["::", 128], ["::1", 128], ["::ffff:0:0", 96], ["64:ff9b::", 96], ["100::", 64], ["2001:db8::", 32], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8],
] as const) NOT_PUBLIC_V6.addSubnet(prefix, bits, "ipv6");

export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  return family === 4 ? !NOT_PUBLIC_V4.check(address, "ipv4") : !NOT_PUBLIC_V6.check(address, "ipv6");
}

export class RefusedAddress extends Error {
  constructor(host: string, address: string) {
    super(`refused: ${host} is ${address === host ? "" : `resolved to ${address}, `}not a public address; name the host in NOTIFY_WEBHOOK_ALLOWED_HOSTS to allow it`);
  }
}

type LookupAll = (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void;
type LookupOne = (err: NodeJS.ErrnoException | null, address: string, family: number) => void;

/** dns.lookup that fails when any address the name has is not public. */
function publicOnlyLookup(hostname: string, options: dns.LookupOptions, callback: LookupAll | LookupOne): void {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    const fail = (e: NodeJS.ErrnoException) => (callback as LookupOne)(e, "", 0);
    if (err) return fail(err);
    const bad = addresses.find((a) => !isPublicAddress(a.address));
    if (bad || addresses.length === 0) return fail(new RefusedAddress(hostname, bad?.address ?? "nothing"));
    if (options.all) (callback as LookupAll)(null, addresses);
    else (callback as LookupOne)(null, addresses[0]!.address, addresses[0]!.family);
  });
}

/** Sends `body` as JSON; resolves with the status code, rejects on a refused address, a network error or a timeout. */
export function postWebhook({ url, body, timeoutMs, allowedHosts = [] }: {
  url: string; body: unknown; timeoutMs: number; allowedHosts?: readonly string[];
}): Promise<number> {
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const allowed = allowedHosts.some((h) => h.trim().toLowerCase() === host);
  if (!allowed && net.isIP(host) !== 0 && !isPublicAddress(host)) return Promise.reject(new RefusedAddress(host, host));
  const payload = JSON.stringify(body);
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(target, {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload), "user-agent": "patwarden" },
      ...(allowed ? {} : { lookup: publicOnlyLookup as unknown as net.LookupFunction }),
      timeout: timeoutMs,
    }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(payload);
  });
}
