// The governance pages in Chromium: the policy file's errors by line and field, a dry run's plan
// per rule and grant, reports generated and downloaded in three formats, trend charts from
// snapshots, job state on the orgs page, the grant timeline; axe on each page; screenshots.
import { and, eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateJobState } from "../../db/queries/job-states.ts";
import { inventorySnapshots, orgs, policyRunItems, policyWarnings, reports } from "../../db/schema.ts";
import { findSeriousViolations } from "./axe.ts";
import { launchBrowser, newPage, screenshot, signIn, startStack, type Stack } from "./harness.ts";

const ORG = "acme";
let stack: Stack;
let browser: Browser;
let acmeId: number;

beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: ORG, grants: 80, requests: 2 }] });
  browser = await launchBrowser();
  const [row] = await stack.db.db.select({ id: orgs.id }).from(orgs).where(eq(orgs.login, ORG));
  acmeId = row!.id;
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const owner = () => stack.sim.control.org(ORG).demoUsers.owner;
const accessible = async (page: Page, what: string) => expect(await findSeriousViolations(page), what).toEqual([]);

async function ownerPage() {
  const opened = await newPage(browser);
  await signIn({ page: opened.page, url: stack.url, login: owner() });
  return opened;
}

const INVALID = ["rules:", "  - id: idle-30", "    type: idle", "    days: 0", "    mode: report", ""].join("\n");
const VALID = [
  "notify:", "  repository: security-notices", "rules:",
  "  - id: idle-30", "    type: idle", "    days: 30", "    mode: revoke", "    graceDays: 7",
  "    exceptions:", "      - owner: nobody-here", "        reason: old exception", "        until: 2020-01-01",
  "  - id: owner-left", "    type: owner_left", "",
].join("\n");

describe("governance pages in Chromium", () => {
  it("policies: an invalid file shows its error by line and field; a valid one's dry run lists the plan per rule and grant", async () => {
    const { context, page, errors } = await ownerPage();
    await page.goto(`${stack.url}/orgs/${ORG}/policies`);
    expect(await page.getByTestId("policy-status").innerText()).toBe("default");
    await accessible(page, "policies (default)");

    await stack.sim.control.putFile(ORG, ".github", ".github/patwarden.yml", INVALID);
    await page.getByRole("button", { name: "Reload from GitHub" }).click();
    await expect.poll(() => page.getByTestId("policy-status").innerText(), { timeout: 15_000 }).toBe("invalid");
    const bad = page.locator("tr.has-error");
    expect(await bad.getAttribute("data-line")).toBe("4");
    expect(await bad.locator(".line-error").innerText()).toMatch(/^line 4, rules\[0\]\.days: must be at least 1 day/);
    await screenshot(page, "g01-policy-invalid");
    await accessible(page, "policies (invalid)");

    await stack.sim.control.putFile(ORG, ".github", ".github/patwarden.yml", VALID);
    await page.getByRole("button", { name: "Reload from GitHub" }).click();
    await expect.poll(() => page.getByTestId("policy-status").innerText(), { timeout: 15_000 }).toBe("valid");
    const rule = page.locator('tr[data-rule="idle-30"]');
    expect(await rule.innerText()).toMatch(/not used for more than 30 days[\s\S]*revoke[\s\S]*7 days[\s\S]*owner @nobody-here until 2020-01-01[\s\S]*expired/);
    await screenshot(page, "g02-policy-valid");

    await page.getByRole("button", { name: "Dry run" }).click();
    await page.waitForURL((u) => /\/policies\/runs\/\d+$/.test(u.pathname), { timeout: 30_000 });
    const runId = Number(new URL(page.url()).pathname.split("/").at(-1));
    const items = await stack.db.db.select().from(policyRunItems).where(eq(policyRunItems.runId, runId));
    expect(items.length).toBeGreaterThan(0);
    const idle = items.filter((i) => i.rule === "idle-30");
    const section = page.locator('section[data-rule="idle-30"]');
    expect(await section.locator("tbody tr").count()).toBe(idle.length);
    // First sighting of a revoke rule: every match is warned with a revocation date, nothing revoked.
    expect(new Set(idle.map((i) => i.outcome))).toEqual(new Set(["notified"]));
    expect(await section.locator("tbody tr").first().innerText()).toMatch(/would warn owner[\s\S]*revocation after/);
    expect(await page.getByText("A dry run: this is exactly what a run").count()).toBe(1);
    expect(await stack.db.db.select().from(policyWarnings).where(eq(policyWarnings.orgId, acmeId))).toEqual([]);
    expect(stack.sim.control.issues(ORG, "security-notices")).toEqual([]);
    await screenshot(page, "g03-policy-dry-run");
    await accessible(page, "policy run");

    await page.getByRole("link", { name: "← Policies" }).click();
    expect(await page.locator(`tr[data-run-id="${runId}"]`).innerText()).toMatch(/dry run/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("reports: generate one, read it, and download CSV, JSON and Markdown with the stored content", async () => {
    const { context, page, errors } = await ownerPage();
    await page.goto(`${stack.url}/orgs/${ORG}/reports`);
    await accessible(page, "reports (empty)");
    await page.getByRole("button", { name: "Generate report" }).click();
    await page.waitForURL((u) => /\/reports\/\d+$/.test(u.pathname), { timeout: 60_000 });
    const id = Number(new URL(page.url()).pathname.split("/").at(-1));
    const [stored] = await stack.db.db.select().from(reports).where(and(eq(reports.orgId, acmeId), eq(reports.id, id)));
    const doc = stored!.document as { findings: { category: string; grantId: number }[]; summary: { activeGrants: number } };
    expect(await page.getByTestId("report-summary").innerText()).toContain(`Active grants\n${doc.summary.activeGrants}`);
    const stale = page.locator('[data-category="stale"]');
    expect(await stale.getByRole("link", { name: "open in grants table" }).getAttribute("href")).toBe(`/orgs/${ORG}/grants?stale-days=90`);
    await screenshot(page, "g04-report");
    await accessible(page, "report");

    const base = `${stack.url}/orgs/${ORG}/reports/${id}`;
    const csv = await page.request.get(`${base}/report.csv`);
    expect(csv.headers()["content-type"]).toMatch(/text\/csv/);
    const rows = (await csv.text()).trim().split("\n");
    expect(rows[0]).toMatch(/^category,filter,grant_id/);
    expect(rows.length - 1).toBe(doc.findings.length);
    const json = await (await page.request.get(`${base}/report.json`)).json() as { schemaVersion: number; findings: unknown[] };
    expect([json.schemaVersion, json.findings.length]).toEqual([1, doc.findings.length]);
    const md = await (await page.request.get(`${base}/report.md`)).text();
    expect(md).toContain(ORG);
    expect(md).toMatch(/^#/);

    await page.getByRole("link", { name: "← All reports" }).click();
    expect(await page.locator(`tr[data-report-id="${id}"]`).innerText()).toMatch(/dashboard/);
    await screenshot(page, "g05-reports");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("overview draws trend charts once two snapshots exist; the orgs page shows job state; the grant page its timeline", async () => {
    const { context, page, errors } = await ownerPage();
    await page.goto(`${stack.url}/orgs/${ORG}`);
    expect(await page.getByTestId("trends").innerText()).toMatch(/need at least two daily snapshots/);
    const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
    await stack.db.db.insert(inventorySnapshots).values([3, 2, 1, 0].map((n) => ({
      orgId: acmeId, day: day(n), activeGrants: 80 - n, staleGrants: 20 + n, neverUsedGrants: 5, noExpiryGrants: 10,
      expiredGrants: 0, ownerLeftGrants: 1, highRiskGrants: 3, pendingRequests: 2, revokedThatDay: 0,
    })));
    await page.reload();
    await expect.poll(() => page.locator('[data-testid="trends"] .recharts-wrapper').count(), { timeout: 15_000 }).toBe(2);
    expect(await page.locator('section[aria-label="Active grants per day"]').innerText()).toContain(`${day(0)}: 80 active grants (4 snapshots)`);
    await page.locator('[data-testid="trends"]').scrollIntoViewIfNeeded();
    await screenshot(page, "g06-overview-trends");
    await accessible(page, "overview with trends");

    // The job runner is not part of this harness: record one failed report run as it would.
    await updateJobState({ db: stack.db.db, orgId: acmeId, job: "report", patch: {
      lastStartedAt: new Date(Date.now() - 3_600_000), lastFinishedAt: new Date(Date.now() - 3_500_000), lastOutcome: "failed",
      lastError: "GitHub answered 502 while committing the report", nextRunAt: new Date(Date.now() + 6 * 86_400_000),
    } });
    await page.goto(`${stack.url}/orgs`);
    const jobs = page.getByTestId("job-states");
    expect(await jobs.locator("tbody tr").count()).toBe(4);
    const report = jobs.locator('tr[data-job="report"]');
    expect(await report.innerText()).toMatch(/1 hour ago[\s\S]*failed[\s\S]*in 5 days/);
    await report.getByText("error").click();
    expect(await report.innerText()).toContain("GitHub answered 502 while committing the report");
    await screenshot(page, "g07-orgs-jobs");
    await accessible(page, "orgs with jobs");

    await page.goto(`${stack.url}/orgs/${ORG}/grants`);
    await page.locator("tbody tr").first().locator("a").first().click();
    await page.getByRole("heading", { name: /^Risk/ }).waitFor();
    await page.getByRole("heading", { name: "Timeline" }).waitFor();
    await screenshot(page, "g08-grant-timeline");
    await accessible(page, "grant with timeline");
    expect(errors).toEqual([]);
    await context.close();
  });
});
