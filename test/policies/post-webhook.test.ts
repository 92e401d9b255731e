// notify.webhookUrl is chosen by whoever can push .github/patwarden.yml: it must not reach the
// network patwarden runs in (loopback, private ranges, cloud metadata) unless an operator allowed
// the host. A receiver on 127.0.0.1 stands for an internal service.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPublicAddress, postWebhook } from "../../bot/policies/post-webhook.ts";

let server: http.Server;
let port: number;
const received: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      received.push(body);
      res.writeHead(req.url === "/redirect" ? 302 : 204, req.url === "/redirect" ? { location: "http://169.254.169.254/latest/meta-data/" } : {});
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("postWebhook", () => {
  it.each([
    ["loopback by address", (p: number) => `http://127.0.0.1:${p}/hook`],
    ["loopback by name", (p: number) => `http://localhost:${p}/hook`],
    ["IPv6 loopback", (p: number) => `http://[::1]:${p}/hook`],
    ["IPv4-mapped IPv6", (p: number) => `http://[::ffff:127.0.0.1]:${p}/hook`],
    ["cloud metadata", () => "http://169.254.169.254/latest/meta-data/"],
    ["private range", () => "https://10.1.2.3/hook"],
  ])("refuses %s without connecting, naming the setting that allows it", async (_name, url) => {
    const before = received.length;
    await expect(postWebhook({ url: url(port), body: { a: 1 }, timeoutMs: 2000 })).rejects.toThrow(/not a public address; name the host in NOTIFY_WEBHOOK_ALLOWED_HOSTS/);
    expect(received.length).toBe(before);
  });

  it("delivers to a host the operator allowed, as JSON, and does not follow a redirect", async () => {
    const before = received.length;
    expect(await postWebhook({ url: `http://localhost:${port}/hook`, body: { text: "hi" }, timeoutMs: 2000, allowedHosts: ["LOCALHOST"] })).toBe(204);
    expect(JSON.parse(received[before]!)).toEqual({ text: "hi" });
    expect(await postWebhook({ url: `http://127.0.0.1:${port}/redirect`, body: {}, timeoutMs: 2000, allowedHosts: ["127.0.0.1"] })).toBe(302);
    expect(received.length).toBe(before + 2);
  });

  it("classifies addresses", () => {
    for (const a of ["8.8.8.8", "140.82.112.3", "2606:4700::1111"]) expect(isPublicAddress(a), a).toBe(true);
    for (const a of ["127.0.0.1", "10.0.0.1", "172.20.1.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fd00::1", "fe80::1", "::ffff:10.0.0.1", "not-an-ip"]) {
      expect(isPublicAddress(a), a).toBe(false);
    }
  });
});
