// One running patwarden for a browser test file: simulator → registered and fully synced into a
// fresh database → bot/server.ts serving webhooks, health and the built dashboard on a free port.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { loadEnv } from "../../bot/env.ts";
import { createGitHubApp } from "../../bot/github/client.ts";
import { startServer, type RunningServer } from "../../bot/server.ts";
import { startSimulator, type SimOrgSpec, type Simulator } from "../../bot/simulator/index.ts";
import { registerInstallations, syncOrg } from "../../bot/sync/index.ts";
import type { DbHandle } from "../../db/client.ts";
import { createDashboardHandler, type DashboardHandler } from "../../app/server-handler.ts";
import { createTestDb } from "../helpers/db.ts";

export type Stack = {
  sim: Simulator;
  db: DbHandle;
  server: RunningServer;
  url: string;
  /** Moves the dashboard's clock (role re-checks, session expiry) without waiting. */
  advanceClock(ms: number): void;
  syncAll(): Promise<void>;
  close(): Promise<void>;
};

export async function startStack({ orgs, securityTeams = "", db: givenDb }: {
  orgs: SimOrgSpec[];
  securityTeams?: string;
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
  const syncAll = async () => {
    for (const i of await registerInstallations({ db: db.db, appOctokit: github.appOctokit })) {
      if (!i.org) continue;
      const result = await syncOrg({ db: db.db, octokit: github.installationOctokit(i.installationId), org: i.org, kind: "full", trigger: "e2e" });
      if (result.status !== "succeeded") throw new Error(`sync of ${i.org.login} failed: ${result.error}`);
    }
  };
  await syncAll();
  let offset = 0;
  let dashboard: DashboardHandler | undefined;
  try {
    dashboard = await createDashboardHandler({
      build: "never",
      runtime: {
        db: db.db, env, securityTeams, now: () => new Date(Date.now() + offset), installationOctokit: github.installationOctokit,
        requestSync: async ({ login }) => {
          await syncAll();
          return { ok: true, message: `A full sync of ${login} finished.` };
        },
      },
    });
    const server = await startServer({ db: db.db, env, dashboard: dashboard.handle, port: 0, host: "127.0.0.1", probeGitHub: async () => {} });
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
