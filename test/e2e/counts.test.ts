// The same number for the same word, as a person sees it in Chromium: the overview's category cards
// equal the grants filter they link to, and the policy pages agree with each other: the runs
// table's "Matched" is the run page's count, and a rule's matches sit beside the category's count.
import { eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ruleScopeText } from "../../app/_lib/policy-counts.ts";
import { countGrants } from "../../db/queries/grants.ts";
import { orgs, policyRunItems } from "../../db/schema.ts";
import type { GrantFilter } from "../../model/grant-filter.ts";
import { launchBrowser, newPage, screenshot, signIn, startStack, type Stack } from "./harness.ts";

const ORG = "acme";
let stack: Stack;
let browser: Browser;
let orgId: number;

beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: ORG, grants: 120, requests: 1 }] });
  browser = await launchBrowser();
  const [row] = await stack.db.db.select({ id: orgs.id }).from(orgs).where(eq(orgs.login, ORG));
  orgId = row!.id;
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const POLICY = [
  "notify:", "  repository: security-notices", "rules:",
  "  - id: owner-left", "    type: owner_left", "    mode: notify",
  "  - id: all-repos-write", "    type: all_repositories_write", "",
].join("\n");
const count = (filter: GrantFilter) => countGrants({ db: stack.db.db, orgId, filter });
const digits = (s: string) => Number(s.replace(/[^\d]/g, ""));

describe("counts in Chromium", () => {
  it("overview cards, the runs table, a run's page and the rules table tell one truth", async () => {
    const { context, page, errors } = await newPage(browser);
    await signIn({ page, url: stack.url, login: stack.sim.control.org(ORG).demoUsers.owner });
    await page.goto(`${stack.url}/orgs/${ORG}`);
    const card = (label: string) => page.locator(".stat", { hasText: label }).locator(".value");
    expect(digits(await card("Owner left the org").innerText())).toBe(await count({ ownerLeft: true }));
    expect(digits(await card("All repositories, with write").innerText())).toBe(await count({ allReposWrite: true }));
    expect(digits(await card("Stale (90 days)").innerText())).toBe(await count({ staleDays: 90 }));
    await screenshot(page, "c01-overview-cards");

    await stack.sim.control.putFile(ORG, ".github", ".github/patwarden.yml", POLICY);
    await page.goto(`${stack.url}/orgs/${ORG}/policies`);
    await page.getByRole("button", { name: "Reload from GitHub" }).click();
    await expect.poll(() => page.getByTestId("policy-status").innerText(), { timeout: 15_000 }).toBe("valid");
    await page.getByRole("button", { name: "Dry run" }).click();
    await page.waitForURL((u) => /\/policies\/runs\/\d+$/.test(u.pathname), { timeout: 30_000 });
    const runId = Number(new URL(page.url()).pathname.split("/").at(-1));
    const items = await stack.db.db.select().from(policyRunItems).where(eq(policyRunItems.runId, runId));
    const warned = items.filter((i) => i.outcome === "notified").length;
    expect(warned).toBeGreaterThan(0);
    const runCounts = await page.getByTestId("run-counts").innerText();
    expect(runCounts).toMatch(new RegExp(`^${items.length} \\(grant, rule\\) matches: report only ${items.length - warned} · notified ${warned}`));
    const ownerLeftScope = await page.locator('section[data-rule="owner-left"]').getByTestId("rule-scope").innerText();
    await screenshot(page, "c02-policy-run-counts");

    await page.getByRole("link", { name: "← Policies" }).click();
    const row = page.locator(`tr[data-run-id="${runId}"]`);
    expect(digits(await row.locator('td[data-col="matches"]').innerText())).toBe(items.length);
    expect(digits(await row.locator('td[data-col="notified"]').innerText())).toBe(warned);
    expect(digits(await row.locator('td[data-col="matched"]').innerText())).toBe(items.length - warned);

    // owner-left: the run matched the live grants; the rest of the category are expired.
    const matched = items.filter((i) => i.rule === "owner-left").length;
    const text = ruleScopeText({ type: "owner_left", matched, expired: (await count({ ownerLeft: true })) - matched });
    expect(await page.locator('tr[data-rule="owner-left"] td[data-col="last-run"]').innerText()).toBe(text);
    expect(ownerLeftScope).toBe(`Matched ${text}.`);
    await screenshot(page, "c03-policy-rules-latest-run");
    expect(errors).toEqual([]);
    await context.close();
  });
});
