// Records how the dashboard performs in Chromium on the demo's world (acme: 2,000 grants, with
// webhooks): per page the JavaScript loaded (gzipped), Largest Contentful Paint, navigation timing
// and the time to settle; generating and opening a report; approving one request. Written to
// test-results/perf.json and printed. It records, it does not judge: the figures and their targets
// live in `npm run bench` (bench/client.ts) and docs/benchmarks.md. It asserts only that every
// measurement exists and is sane, so a broken measurement fails here rather than printing zeros.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatClient, measureClient } from "../../bench/client.ts";
import { DEMO_ORGS } from "../../simulator/demo-world.ts";
import { launchBrowser, signInSetCookie, startStack, type Stack } from "./harness.ts";

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack({ orgs: DEMO_ORGS, webhooks: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe("dashboard performance in Chromium (recorded, not asserted)", () => {
  it("measures every page's JavaScript, LCP and settle time, a report and one approval; writes test-results/perf.json", async () => {
    const login = stack.sim.control.org("acme").demoUsers.owner;
    const cookie = (await signInSetCookie({ url: stack.url, login })).split(";")[0]!;
    const r = await measureClient({ browser, url: stack.url, cookie, org: "acme" });
    const file = path.resolve("test-results/perf.json");
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify({ measured: new Date().toISOString(), ...r }, null, 2)}\n`);
    console.log(formatClient(r));

    expect(r.pages.map((p) => p.page)).toEqual(["overview", "grants", "grant detail", "requests", "audit", "reports", "report"]);
    for (const p of r.pages) {
      // React and Next alone are over 100 kB gzipped: less means scripts went unmeasured.
      expect(p.firstLoadJs.gzipBytes, p.page).toBeGreaterThan(100_000);
      expect(p.js.gzipBytes, p.page).toBeGreaterThanOrEqual(p.firstLoadJs.gzipBytes);
      expect(p.js.rawBytes, p.page).toBeGreaterThan(p.js.gzipBytes);
      expect(p.lcpMs, p.page).toBeGreaterThan(0);
      expect(p.ttfbMs, p.page).toBeGreaterThan(0);
      expect(p.domContentLoadedMs, p.page).toBeGreaterThanOrEqual(p.ttfbMs);
      expect(p.loadMs, p.page).toBeGreaterThanOrEqual(p.domContentLoadedMs);
      expect(p.settleMs, p.page).toBeGreaterThan(0);
    }
    expect(r.interactions.map((i) => i.name)).toEqual(["generate report", "approve one request"]);
    for (const i of r.interactions) {
      expect(i.doneMs, i.name).toBeGreaterThan(0);
      expect(i.settleMs, i.name).toBeGreaterThanOrEqual(i.doneMs);
    }
    expect(r.interactions[1]!.outcome).toMatch(/approved/i);
  }, 300_000);
});
