// Pages that stay current without a reload: a request delivered by webhook appears on the requests
// page, a revocation job's progress advances on its page (written by a runner elsewhere, as a
// pg-boss worker in another process would), and a sync started outside the page shows on the
// orgs card. Each page shows "updated N s ago", and the browser never navigates.
import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orgs, patRequests, revocationItems, revocationJobs } from "../../db/schema.ts";
import { launchBrowser, newPage, screenshot, signIn, startStack, type Stack } from "./harness.ts";

const ORG = "acme";
let stack: Stack;
let browser: Browser;
let page: Page;
let acmeId: number;

beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: ORG, grants: 40, requests: 2 }], webhooks: true });
  browser = await launchBrowser();
  const [row] = await stack.db.db.select({ id: orgs.id }).from(orgs).where(eq(orgs.login, ORG));
  acmeId = row!.id;
  ({ page } = await newPage(browser));
  await signIn({ page, url: stack.url, login: stack.sim.control.org(ORG).demoUsers.owner });
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function waitFor(check: () => Promise<boolean>, what: string, ms = 10_000) {
  for (const start = Date.now(); !(await check()); await new Promise((r) => setTimeout(r, 100))) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting until ${what}`);
  }
}

/** Marks the loaded document; a reload or navigation would lose the mark. */
async function markDocument(p: Page) {
  await p.evaluate(() => ((window as unknown as { liveMark: string }).liveMark = "still here"));
}
async function expectSameDocument(p: Page) {
  expect(await p.evaluate(() => (window as unknown as { liveMark?: string }).liveMark)).toBe("still here");
}

describe("live pages in Chromium", () => {
  it("shows a request created on GitHub without a reload", async () => {
    await page.goto(`${stack.url}/orgs/${ORG}/requests`);
    await page.getByTestId("request-count").filter({ hasText: /^2 pending requests/ }).waitFor();
    await page.getByTestId("live-status").filter({ hasText: /^Live · updated \d+ s ago$/ }).waitFor();
    await markDocument(page);
    // Through the simulator's HTTP control surface, as a person would from another terminal.
    const res = await fetch(`${stack.sim.url}/_sim/orgs/${ORG}/requests`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(res.status).toBe(200);
    const created = (await res.json()) as { id: number };
    expect(stack.sim.control.webhookLog().at(-1)).toMatchObject({ event: "personal_access_token_request", action: "created", status: 200 });
    await waitFor(async () => (await stack.db.db.select({ id: patRequests.id }).from(patRequests).where(eq(patRequests.id, created.id))).length === 1, "the webhook stored the request");
    await page.locator(`tr[data-request-id="${created.id}"]`).waitFor({ timeout: 20_000 });
    await page.getByTestId("request-count").filter({ hasText: /^3 pending requests/ }).waitFor();
    expect(await page.getByTestId("live-status").innerText()).toMatch(/^Live · updated \d+ s ago$/);
    await expectSameDocument(page);
    await screenshot(page, "live-01-request-arrived");
  });

  it("advances a revocation job's progress without a reload", async () => {
    const db = stack.db.db;
    // A job held by a runner elsewhere (a live lease), so this server's worker leaves it alone.
    const [job] = await db.insert(revocationJobs).values({
      orgId: acmeId, requestedBy: "alice", actorType: "user", reason: "owner left", selection: { kind: "ids", ids: [1, 2, 3] },
      total: 3, batches: 1, status: "running", startedAt: new Date(), leaseOwner: "elsewhere", leaseUntil: new Date(Date.now() + 600_000),
    }).returning({ id: revocationJobs.id });
    const jobId = job!.id;
    await db.insert(revocationItems).values([1, 2, 3].map((grantId) => ({ jobId, orgId: acmeId, grantId, tokenId: grantId, tokenName: `token-${grantId}`, ownerLogin: "alice", batch: 0 })));
    await page.goto(`${stack.url}/orgs/${ORG}/revocations/${jobId}`);
    await page.getByTestId("job-progress").filter({ hasText: "0 of 3 grants done" }).waitFor();
    await markDocument(page);
    /** What the runner writes as a batch settles: the items and the job's counter, together. */
    const settle = async (grantIds: number[]) => {
      await db.transaction(async (tx) => {
        for (const grantId of grantIds) await tx.update(revocationItems).set({ status: "revoked" }).where(eq(revocationItems.grantId, grantId));
        const [row] = await tx.select({ revoked: revocationJobs.revoked }).from(revocationJobs).where(eq(revocationJobs.id, jobId));
        await tx.update(revocationJobs).set({ revoked: row!.revoked + grantIds.length, updatedAt: new Date() }).where(eq(revocationJobs.id, jobId));
      });
    };
    await settle([1]);
    await page.getByTestId("job-progress").filter({ hasText: "1 of 3 grants done" }).waitFor({ timeout: 20_000 });
    await settle([2, 3]);
    await db.update(revocationJobs).set({ status: "succeeded", finishedAt: new Date(), leaseOwner: null, leaseUntil: null }).where(eq(revocationJobs.id, jobId));
    await page.locator('[data-job-status="succeeded"]').waitFor({ timeout: 20_000 });
    await page.getByTestId("job-progress").filter({ hasText: "3 of 3 grants done." }).waitFor();
    expect(await page.getByTestId("live-status").innerText()).toMatch(/^Live · updated \d+ s ago$/);
    await expectSameDocument(page);
    await screenshot(page, "live-02-job-finished");
  });

  it("shows a sync started elsewhere on the orgs card", async () => {
    await page.goto(`${stack.url}/orgs`);
    const status = page.getByTestId("live-status").first();
    await status.filter({ hasText: /^Live · updated \d+ s ago$/ }).waitFor();
    await markDocument(page);
    const runsBefore = await page.locator("body").innerText();
    await stack.syncAll({ login: ORG, trigger: "elsewhere" });
    // The card's history lists the run's trigger once the page has re-rendered.
    await page.getByText("elsewhere").first().waitFor({ timeout: 20_000 });
    expect(runsBefore).not.toContain("elsewhere");
    await expectSameDocument(page);
  });
});
