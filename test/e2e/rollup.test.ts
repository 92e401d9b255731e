// The roll-up on /orgs in a real browser: one row per org the viewer may see (an org they may not
// see is neither a row nor in the total), figures equal to the simulator's truth, links into the
// org's filtered pages, the credential source's sentence where SSO is not available, and the
// connection cards below still working (pause shows in the roll-up's status).
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HIGH_RISK } from "../../model/risk.ts";
import { findSeriousViolations } from "./axe.ts";
import { launchBrowser, newPage, signIn, startStack, type Stack } from "./harness.ts";

const SHOTS = "/tmp/shots-h6";
let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  stack = await startStack({
    orgs: [{ login: "acme", grants: 60, requests: 3, sso: true, credentials: 40, stories: true }, { login: "globex", grants: 20, requests: 2 }],
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
const rollupOrgs = (page: Page) => page.locator("table[data-testid='rollup'] tr[data-org]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-org")));
/** The row's cells as text, by column (th first). */
const cells = (page: Page, org: string) => page.locator(`table[data-testid='rollup'] tr[data-org='${org}'] > *`).allInnerTexts();
const num = (s: string) => Number(s.replace(/,/g, ""));

describe("the roll-up on /orgs", () => {
  it("shows the viewer's orgs with the truth's figures and a total, links to the filtered lists, and keeps the cards", async () => {
    const truth = stack.sim.control.org("acme");
    const { context, page, errors } = await newPage(browser);
    await signIn({ page, url: stack.url, login: truth.demoUsers.owner });
    await page.getByTestId("rollup").waitFor();
    // acme's owner is no owner of globex: neither its row nor its figures appear.
    expect(await rollupOrgs(page)).toEqual(["acme", "(total)"]);
    const row = await cells(page, "acme");
    // Organization, Status, Last sync, grants (active, stale, high risk, owner left), credentials (4), pending.
    expect(row[0]).toBe("acme");
    expect(row[1]).toBe("active");
    expect(row[2]).toMatch(/succeeded/);
    expect(num(row[3]!)).toBe(truth.grants.length);
    expect(num(row[6]!)).toBe(truth.grants.filter((g) => truth.exMembers.some((m) => m.id === g.owner.id)).length);
    expect(num(row[7]!)).toBe(truth.credentials.length);
    expect(num(row[11]!)).toBe(truth.requests.length);
    const total = await cells(page, "(total)");
    expect(total[0]).toBe("Total (1 org)");
    expect(total.slice(3)).toEqual(row.slice(3));
    expect(await page.getByTestId("rollup-as-of").innerText()).toMatch(/^Counts as of .+ at the oldest/);
    await shot(page, "rollup");
    expect(await findSeriousViolations(page)).toEqual([]);

    // The high-risk figure opens the grants table filtered the same way, which counts as many.
    const highRisk = num(row[5]!);
    await page.locator("tr[data-org='acme'] td").nth(4).getByRole("link").click();
    await page.waitForURL((u) => u.pathname === "/orgs/acme/grants" && u.searchParams.get("risk-min") === String(HIGH_RISK));
    await expect.poll(async () => num(/^([\d,]+) of/.exec(await page.getByTestId("grant-count").innerText())?.[1] ?? "-1")).toBe(highRisk);

    // The connection card below still acts: pausing shows in the roll-up's status.
    await page.goto(`${stack.url}/orgs`);
    await page.locator("article[data-org='acme']").getByRole("button", { name: "Pause syncing" }).click();
    await expect.poll(async () => (await cells(page, "acme"))[1], { timeout: 15_000 }).toBe("paused");
    await shot(page, "rollup-paused");
    await page.locator("article[data-org='acme']").getByRole("button", { name: "Resume syncing" }).click();
    await expect.poll(async () => (await cells(page, "acme"))[1], { timeout: 15_000 }).toBe("active");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("says why an org without SAML SSO has no credential figures", async () => {
    const { context, page } = await newPage(browser);
    await signIn({ page, url: stack.url, login: stack.sim.control.org("globex").demoUsers.owner });
    await page.getByTestId("rollup").waitFor();
    expect(await rollupOrgs(page)).toEqual(["globex", "(total)"]);
    const row = await cells(page, "globex");
    expect(row[7]).toBe("SSO credential authorizations: not available — needs Enterprise Cloud with SAML SSO");
    expect(num(row[3]!)).toBe(stack.sim.control.org("globex").grants.length);
    await shot(page, "rollup-no-sso");
    await context.close();
  });
});
