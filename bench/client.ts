// The dashboard as a browser sees it (issue #17): per page, the JavaScript it loads (every script
// and RSC fetch, gzipped as it would travel), Largest Contentful Paint and navigation timing from
// the Performance API, and the time to settle (no request in flight and no long task for QUIET_MS); then the
// interactions people wait for: generating a report and opening it, approving one request.
// `measureClient` drives a signed-in Chromium against any running dashboard (test/e2e/perf.test.ts
// gives it the e2e stack); `benchClient` starts `patwarden demo` (2,000 grants in acme) itself.
// Each page loads in a fresh browser context: a first visit, nothing cached.
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type Page, type Request } from "playwright-core";
import { signInSetCookie } from "../test/helpers/sign-in.ts";
import { startDemo } from "./demo.ts";

/** Settled = nothing in flight for this long (Playwright's "networkidle" uses 500 ms too). */
const QUIET_MS = 500;
const SETTLE_CAP_MS = 20_000;

export type PageMeasure = {
  page: string;
  path: string;
  /** Scripts (<script src>, chunks) and RSC fetches: count, bytes as served, bytes gzipped. */
  js: { files: number; rawBytes: number; gzipBytes: number };
  /** Of `js`, what the HTML names (the first load, before hydration); the rest loads later (lazy charts). */
  firstLoadJs: { files: number; gzipBytes: number };
  rsc: { fetches: number; gzipBytes: number };
  lcpMs: number | null;
  ttfbMs: number;
  domContentLoadedMs: number;
  loadMs: number;
  /** From navigation start to the end of the last request before QUIET_MS of quiet. */
  settleMs: number;
  requests: number;
};

export type InteractionMeasure = { name: string; note: string; doneMs: number; settleMs: number; requests: number; outcome: string };
export type ClientMeasure = { quietMs: number; pages: PageMeasure[]; interactions: InteractionMeasure[] };

export const LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: LAUNCH_ARGS });
}

const isRsc = (r: Request) => r.headers()["rsc"] === "1" || new URL(r.url()).searchParams.has("_rsc");

/** Watches a page's requests: in flight, last activity, scripts and RSC fetches with their sizes. */
function watchNetwork(page: Page) {
  let inFlight = 0;
  let last = performance.now();
  let requests = 0;
  const bodies: Promise<{ kind: "js" | "rsc"; path: string; raw: number; gzip: number } | null>[] = [];
  const finish = () => { inFlight = Math.max(0, inFlight - 1); last = performance.now(); };
  page.on("request", () => { inFlight++; requests++; last = performance.now(); });
  page.on("requestfailed", finish);
  page.on("requestfinished", (req) => {
    finish();
    const kind = req.resourceType() === "script" ? "js" : isRsc(req) ? "rsc" : null;
    if (!kind) return;
    bodies.push(req.response().then(async (res) => {
      const body = res ? await res.body().catch(() => null) : null;
      return body ? { kind, path: new URL(req.url()).pathname, raw: body.length, gzip: gzipSync(body).length } : null;
    }));
  });
  return {
    requests: () => requests,
    /**
     * Waits until no request has been in flight and no long task (> 50 ms, e.g. hydration, a chart
     * drawing) has run for QUIET_MS; returns the ms from `since` (Node's clock; `pageSince` is the
     * page's performance.now() at that moment, 0 for a navigation) to the last of either.
     */
    async settled({ since, pageSince }: { since: number; pageSince: number }): Promise<number> {
      while (performance.now() - since < SETTLE_CAP_MS) {
        if (inFlight === 0 && performance.now() - last >= QUIET_MS) {
          const { lastTaskEnd, now } = await page.evaluate(() => ({ lastTaskEnd: (window as unknown as { pwLastLongTask?: number }).pwLastLongTask ?? 0, now: performance.now() }));
          if (now - lastTaskEnd >= QUIET_MS && inFlight === 0) return Math.max(last - since, lastTaskEnd - pageSince);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      return SETTLE_CAP_MS;
    },
    async sizes(html = "") {
      const all = (await Promise.all(bodies)).filter((b) => b !== null);
      const js = all.filter((b) => b.kind === "js");
      const rsc = all.filter((b) => b.kind === "rsc");
      const first = js.filter((b) => html.includes(b.path));
      return {
        js: { files: js.length, rawBytes: sum(js.map((b) => b.raw)), gzipBytes: sum(js.map((b) => b.gzip)) },
        firstLoadJs: { files: first.length, gzipBytes: sum(first.map((b) => b.gzip)) },
        rsc: { fetches: rsc.length, gzipBytes: sum(rsc.map((b) => b.gzip)) },
      };
    },
  };
}

/** Before any page script: remembers when the last long task ended (the Long Tasks API). */
function recordLongTasks(): void {
  new PerformanceObserver((list) => {
    const w = window as unknown as { pwLastLongTask?: number };
    for (const e of list.getEntries()) w.pwLastLongTask = Math.max(w.pwLastLongTask ?? 0, e.startTime + e.duration);
  }).observe({ type: "longtask", buffered: true });
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** LCP (buffered, as last reported before any input) and navigation timing, in ms from navigation start. */
async function readPaintTiming(page: Page) {
  return page.evaluate(async () => {
    const lcp = await new Promise<number | null>((resolve) => {
      let latest: number | null = null;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) latest = e.startTime;
      }).observe({ type: "largest-contentful-paint", buffered: true });
      setTimeout(() => resolve(latest), 100);
    });
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    return { lcpMs: lcp, ttfbMs: nav.responseStart, domContentLoadedMs: nav.domContentLoadedEventEnd, loadMs: nav.loadEventEnd };
  });
}

async function signedInPage(browser: Browser, { url, cookie }: { url: string; cookie: string }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(recordLongTasks);
  const at = cookie.indexOf("=");
  await context.addCookies([{ name: cookie.slice(0, at), value: cookie.slice(at + 1).split(";")[0]!, url }]);
  return { context, page: await context.newPage() };
}

async function measurePage(browser: Browser, { url, cookie, name, path: p }: { url: string; cookie: string; name: string; path: string }): Promise<PageMeasure> {
  const { context, page } = await signedInPage(browser, { url, cookie });
  try {
    const net = watchNetwork(page);
    const t0 = performance.now();
    const res = await page.goto(`${url}${p}`, { waitUntil: "load" });
    if (!res || res.status() >= 400) throw new Error(`${p}: status ${res?.status()}`);
    if (new URL(page.url()).pathname !== p.split("?")[0]) throw new Error(`${p}: landed on ${page.url()} (signed out?)`);
    const html = await res.text();
    const settleMs = await net.settled({ since: t0, pageSince: 0 });
    const timing = await readPaintTiming(page);
    return { page: name, path: p, ...(await net.sizes(html)), ...timing, settleMs: Math.round(settleMs), requests: net.requests() };
  } finally {
    await context.close();
  }
}

/** Acts on a settled page and times it: until `done` resolves (with what the page says), and until the network settles. */
async function timeInteraction(page: Page, { name, note, act, done }: { name: string; note: string; act: () => Promise<void>; done: () => Promise<string> }): Promise<InteractionMeasure> {
  const net = watchNetwork(page);
  const pageSince = await page.evaluate(() => performance.now());
  const t0 = performance.now();
  await act();
  const outcome = await done();
  const doneMs = Math.round(performance.now() - t0);
  // The report opens by a client-side navigation (router.push): the same document, the same clock.
  const settled = await net.settled({ since: t0, pageSince });
  return { name, note, doneMs, settleMs: Math.round(Math.max(settled, doneMs)), requests: net.requests(), outcome };
}

/** Every dashboard page of `org` once, cold, then a report generated and opened and one request approved. */
export async function measureClient({ browser, url, cookie, org, log = () => {} }: {
  browser: Browser; url: string; cookie: string; org: string; log?: (m: string) => void;
}): Promise<ClientMeasure> {
  const base = `/orgs/${encodeURIComponent(org)}`;
  const pages: PageMeasure[] = [];
  const visit = async (name: string, p: string) => {
    pages.push(await measurePage(browser, { url, cookie, name, path: p }));
    log(`${name}: measured`);
  };
  await visit("overview", base);
  await visit("grants", `${base}/grants`);
  const { context, page } = await signedInPage(browser, { url, cookie });
  const interactions: InteractionMeasure[] = [];
  try {
    await page.goto(`${url}${base}/grants`);
    const grantHref = await page.locator("table a[href*='/grants/']").first().getAttribute("href");
    if (!grantHref) throw new Error("the grants page lists no grant to open");
    await visit("grant detail", grantHref);
    await visit("requests", `${base}/requests`);
    await visit("audit", `${base}/audit`);
    await visit("reports", `${base}/reports`);

    // A report: generated from the reports page, the app then opens it.
    await page.goto(`${url}${base}/reports`, { waitUntil: "networkidle" });
    interactions.push(await timeInteraction(page, {
      name: "generate report", note: "click → the new report's page shown",
      act: () => page.getByRole("button", { name: "Generate report" }).click(),
      done: async () => {
        await page.waitForURL((u) => /\/reports\/\d+$/.test(u.pathname), { timeout: 60_000 });
        return page.getByTestId("report-summary").innerText();
      },
    }));
    await visit("report", new URL(page.url()).pathname);

    // One request approved from the requests page.
    await page.goto(`${url}${base}/requests`, { waitUntil: "networkidle" });
    const first = page.locator("table tbody tr").first().getByRole("checkbox");
    if ((await first.count()) === 0) throw new Error("no pending request to approve on the requests page");
    await first.check();
    await page.getByLabel("Reason").fill("bench: approved to time the review");
    interactions.push(await timeInteraction(page, {
      name: "approve one request", note: "click → the outcome shown",
      act: () => page.getByRole("button", { name: /^Approve 1 request$/ }).click(),
      done: () => page.locator(".review-bar [role=status], .review-bar [role=alert]").innerText({ timeout: 60_000 }),
    }));
    log("interactions: measured");
  } finally {
    await context.close();
  }
  return { quietMs: QUIET_MS, pages, interactions };
}

export async function benchClient({ log }: { log: (m: string) => void }): Promise<ClientMeasure> {
  const demo = await startDemo({ name: "client", dashboard: true, log });
  const browser = await launchChromium();
  try {
    const cookie = await signInCookie({ url: demo.url, login: "acme-owner" });
    return await measureClient({ browser, url: demo.url, cookie, org: "acme", log });
  } finally {
    await browser.close();
    await demo.stop();
  }
}

/** The session's `name=value`, signed in through the real OAuth web flow. */
const signInCookie = async (who: { url: string; login: string }) => (await signInSetCookie(who)).split(";")[0]!;

const kb = (n: number) => (n / 1024).toFixed(1);

export function formatClient(r: ClientMeasure): string {
  const lines = [`Dashboard in Chromium, the demo's acme (2,000 grants); JS gzipped; settle = no request in flight and no long task for ${r.quietMs} ms (targets: grants page JS < 150 kB, LCP < 1 s)`];
  lines.push(["page", "first-load JS kB gz", "JS files", "all JS kB gz", "all JS kB raw", "RSC kB gz", "LCP ms", "TTFB ms", "DCL ms", "load ms", "settle ms", "requests"].join(" | "));
  for (const p of r.pages) {
    lines.push([p.page, kb(p.firstLoadJs.gzipBytes), p.js.files, kb(p.js.gzipBytes), kb(p.js.rawBytes), kb(p.rsc.gzipBytes), p.lcpMs === null ? "—" : Math.round(p.lcpMs), Math.round(p.ttfbMs), Math.round(p.domContentLoadedMs), Math.round(p.loadMs), p.settleMs, p.requests].join(" | "));
  }
  for (const i of r.interactions) lines.push(`${i.name} (${i.note}): ${i.doneMs} ms, settled at ${i.settleMs} ms, ${i.requests} requests — "${i.outcome.replace(/\s+/g, " ").slice(0, 80)}"`);
  return `${lines.join("\n")}\n`;
}

// `tsx bench/client.ts [--url=http://127.0.0.1:3000]`: alone, or against a demo already running.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const log = (m: string) => process.stdout.write(`[bench client] ${m}\n`);
  const url = process.argv.find((a) => a.startsWith("--url="))?.slice(6);
  let r: ClientMeasure;
  if (url) {
    const browser = await launchChromium();
    try {
      r = await measureClient({ browser, url, cookie: await signInCookie({ url, login: "acme-owner" }), org: "acme", log });
    } finally {
      await browser.close();
    }
  } else r = await benchClient({ log });
  process.stdout.write(`\n${formatClient(r)}`);
}
