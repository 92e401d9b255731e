// One running patwarden for a browser test file: simulator → registered and fully synced into a
// fresh database → bot/server.ts serving webhooks, health and the built dashboard on a free port.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { loadEnv } from "../../bot/env.ts";
import { createGitHubApp } from "../../bot/github/client.ts";
import { startServer, type RunningServer } from "../../bot/server.ts";
import { createLogger } from "../../bot/server/log.ts";
import { createProbot } from "../../bot/server/probot.ts";
import { startSimulator, type SimOrgSpec, type Simulator } from "../../simulator/index.ts";
import type { DbHandle } from "../../db/client.ts";
import { createDashboardHandler, type DashboardHandler } from "../../app/server-handler.ts";
import { createTestDb } from "../helpers/db.ts";
export { signInSetCookie } from "../helpers/sign-in.ts";
import { createEngine, type Scheduler } from "../../bot/engine.ts";

export type Stack = {
  sim: Simulator;
  db: DbHandle;
  server: RunningServer;
  url: string;
  /** Moves the dashboard's clock (role re-checks, session expiry) without waiting. */
  advanceClock(ms: number): void;
  syncAll(opts?: { login?: string; trigger?: string }): Promise<void>;
  close(): Promise<void>;
};

export async function startStack({ orgs, securityTeams = "", db: givenDb, webhooks = false }: {
  orgs: SimOrgSpec[];
  securityTeams?: string;
  /** Serve webhooks (the Probot app) and point the simulator's deliveries at them. */
  webhooks?: boolean;
  /** A migrated database to use (and close) instead of a fresh test one, e.g. on a private Postgres. */
  db?: DbHandle;
}): Promise<Stack> {
  const sim = await startSimulator({ orgs });
  const db = givenDb ?? (await createTestDb());
  const env = loadEnv({
    APP_ID: String(sim.app.id), PRIVATE_KEY: sim.app.privateKey, WEBHOOK_SECRET: sim.app.webhookSecret,
    GITHUB_CLIENT_ID: sim.app.clientId, GITHUB_CLIENT_SECRET: sim.app.clientSecret,
    GHE_HOST: sim.host, GHE_PROTOCOL: "http", SESSION_SECRET: "e2e-session-secret-0123456789abcdef", LOG_LEVEL: "silent",
  });
  const github = createGitHubApp({ appId: sim.app.id, privateKey: sim.app.privateKey, baseUrl: env.apiBaseUrl });
  let offset = 0;
  // "Sync now" runs the sync before answering (pg-boss would queue it), so a test can wait for its message.
  const scheduler: Scheduler = { inline: true, runNow: async (_job, login, data) => (await syncAll({ login, trigger: data?.trigger }), "inline") };
  const engine = createEngine({ db, github, clock: () => new Date(Date.now() + offset), scheduler: () => scheduler });
  const syncAll = async ({ login, trigger = "e2e" }: { login?: string; trigger?: string } = {}) => {
    const { results } = await engine.sync.run({ login, kind: "full", trigger });
    const failed = results.find((r) => !r.ok);
    if (failed) throw new Error(`sync of ${failed.org} failed: ${failed.error}`);
  };
  await syncAll();
  let dashboard: DashboardHandler | undefined;
  try {
    dashboard = await createDashboardHandler({
      build: "never",
      runtime: {
        engine, env, securityTeams, now: () => new Date(Date.now() + offset),
      },
    });
    const probot = webhooks ? (await createProbot({ env, engine, log: createLogger({ level: "silent" }) })).probot : undefined;
    const server = await startServer({ engine, env, dashboard: dashboard.handle, port: 0, host: "127.0.0.1", probeGitHub: async () => {}, probot });
    if (webhooks) sim.control.setWebhookUrl(`${server.url}/api/github/webhooks`);
    return {
      sim, db, server, url: server.url, syncAll,
      advanceClock: (ms) => void (offset += ms),
      async close() {
        await server.close();
        await dashboard?.close();
        await db.close();
        await sim.close();
      },
    };
  } catch (error) {
    await dashboard?.close();
    await db.close();
    await sim.close();
    throw error;
  }
}

export const SCREENSHOTS = path.resolve("test-results/screenshots");

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

export async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return { context, page, errors };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The real OAuth web flow: our sign-in button → the simulator's user picker → back, signed in. */
export async function signIn({ page, url, login }: { page: Page; url: string; login: string }): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByRole("button", { name: "Sign in with GitHub" }).click();
  await page.getByRole("link", { name: login, exact: true }).click();
  await page.waitForURL((u) => u.pathname === "/orgs");
}

/** A browser context signed in with a `name=value` session cookie. */
export async function newSignedInPage(browser: Browser, { url, cookie }: { url: string; cookie: string }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const opened = await newPage(browser);
  const at = cookie.indexOf("=");
  await opened.context.addCookies([{ name: cookie.slice(0, at), value: cookie.slice(at + 1), url }]);
  return opened;
}

/**
 * The browser's real server-action request on /orgs, captured and not sent, so a test can replay its
 * bytes: `click` presses the button. Headers come without HTTP/2 pseudo-headers and connection ones.
 */
export async function captureOrgsAction({ browser, url, cookie, click }: {
  browser: Browser; url: string; cookie: string; click: (page: Page) => Promise<void>;
}): Promise<{ headers: Record<string, string>; body: Buffer }> {
  const { context, page } = await newSignedInPage(browser, { url, cookie });
  let captured: { headers: Record<string, string>; body: Buffer } | undefined;
  await page.route("**/orgs", async (route) => {
    const req = route.request();
    if (req.method() !== "POST") return route.continue();
    captured = { headers: await req.allHeaders(), body: req.postDataBuffer()! };
    await route.abort();
  });
  await page.goto(`${url}/orgs`);
  await click(page);
  for (let waited = 0; captured === undefined; waited += 50) {
    if (waited > 10_000) throw new Error("the click sent no server action to /orgs within 10 s");
    await new Promise((r) => setTimeout(r, 50));
  }
  await context.close();
  const headers = { ...captured.headers };
  for (const h of Object.keys(headers)) if (h.startsWith(":") || ["content-length", "host", "connection"].includes(h)) delete headers[h];
  return { headers, body: captured.body };
}
