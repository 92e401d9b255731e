// The people pages in a browser: the list (riskiest first, search), a departed member's page with
// "left acme" and their grants linking to the grant page, the 404 for a viewer who may see no org,
// and the offboarding dialog (preview per org, required reason, the login typed above 25 items).
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findDashboardOrg } from "../../db/queries/overview.ts";
import { insertGrant } from "../app/factories.ts";
import { launchBrowser, newPage, signIn, signInSetCookie, startStack, type Stack } from "./harness.ts";

const SHOTS = "/tmp/shots-h5";
let stack: Stack;
let browser: Browser;
let departed: string;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  stack = await startStack({ orgs: [{ login: "acme", grants: 40, requests: 3, stories: true }, { login: "globex", grants: 10 }] });
  const truth = stack.sim.control.org("acme");
  const exLogins = new Set(truth.exMembers.map((m) => m.login.toLowerCase()));
  departed = truth.grants.find((g) => exLogins.has(g.owner.login.toLowerCase()))!.owner.login;
  // Someone holding more than 25 grants: the dialog asks for the login typed.
  const acme = (await findDashboardOrg({ db: stack.db.db, login: "acme" }))!;
  for (let i = 0; i < 30; i++) await insertGrant({ db: stack.db.db, orgId: acme.id, now: new Date(), spec: { ownerLogin: "bulk-holder", ownerId: 777_001 } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
const personKeys = (page: Page) => page.locator("table[aria-label='People'] tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-person")));

describe("people pages", () => {
  it("lists people riskiest first, finds one by part of the login, and opens their page", async () => {
    const { context, page, errors } = await newPage(browser);
    await signIn({ page, url: stack.url, login: stack.sim.control.org("acme").demoUsers.owner });
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "People" }).click();
    await page.waitForURL((u) => u.pathname === "/people");
    const risks = await page.locator("table[aria-label='People'] tbody tr [data-risk]").evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-risk"))));
    expect(risks.length).toBeGreaterThan(3);
    expect(risks).toEqual([...risks].sort((a, b) => b - a));
    await shot(page, "people-list");

    await page.getByLabel("Search people by login").fill(departed.slice(0, -1));
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL((u) => u.searchParams.get("q") === departed.slice(0, -1));
    expect(await personKeys(page)).toContain(departed.toLowerCase());
    const row = page.locator(`tr[data-person='${departed.toLowerCase()}']`);
    await expect(row.getByText("left acme").count()).resolves.toBe(1);
    await row.getByRole("link", { name: departed }).click();
    await page.waitForURL((u) => u.pathname === `/people/${departed}`);

    await page.getByText(`left acme`, { exact: true }).waitFor();
    const truth = stack.sim.control.org("acme");
    const theirs = truth.grants.filter((g) => g.owner.login === departed).map((g) => g.id).sort((a, b) => a - b);
    const shown = await page.locator("section[data-org='acme'] tr[data-grant-id]").evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-grant-id"))));
    expect(shown.sort((a, b) => a - b)).toEqual(theirs);
    expect(await page.locator("section[data-org='acme'] tr[data-grant-id] a").first().getAttribute("href")).toMatch(/^\/orgs\/acme\/grants\/\d+$/);
    await shot(page, "person-departed");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows only the orgs the viewer may see, and a 404 to a viewer who may see none", async () => {
    const acme = stack.sim.control.org("acme");
    const cookie = (await signInSetCookie({ url: stack.url, login: acme.demoUsers.owner })).split(";")[0]!;
    const page = await fetch(`${stack.url}/people/${departed}`, { headers: { cookie } });
    const body = await page.text();
    expect(body).toContain("left acme");
    const globexOwner = stack.sim.control.org("globex").demoUsers.owner;
    if (globexOwner !== acme.demoUsers.owner) expect(body).not.toMatch(/data-org="globex"/);
    const outsider = (await signInSetCookie({ url: stack.url, login: acme.demoUsers.nonMember })).split(";")[0]!;
    const hidden = await fetch(`${stack.url}/people/${departed}`, { headers: { cookie: outsider } });
    const text = await hidden.text();
    expect(hidden.status === 404 || /<meta name="robots" content="noindex"\/>/.test(text)).toBe(true);
    expect(text).not.toContain("left acme");
  });

  it("offboards from the person page: preview per org, reason required, then the org's job", async () => {
    const { context, page, errors } = await newPage(browser);
    await signIn({ page, url: stack.url, login: stack.sim.control.org("acme").demoUsers.owner });
    await page.goto(`${stack.url}/people/${departed}`);
    await page.getByRole("button", { name: `Offboard ${departed}…` }).click();
    const dialog = page.getByRole("dialog", { name: `Offboard ${departed}` });
    const held = stack.sim.control.org("acme").grants.filter((g) => g.owner.login === departed).length;
    const row = dialog.locator("tr[data-preview-org='acme']");
    await row.waitFor();
    expect(await row.locator("td").nth(1).textContent()).toBe(String(held));
    expect(await dialog.getByTestId("offboard-calls").textContent()).toBe(String(Math.ceil(held / 100)));
    expect(await dialog.getByTestId("offboard-lookups").textContent()).toBe(String(Math.ceil(held / 50))); // fewer than 100: one batch
    expect(await dialog.getByLabel(/^Type /).count()).toBe(0);
    const go = dialog.getByRole("button", { name: `Offboard: remove ${held}` });
    expect(await go.isDisabled()).toBe(true);
    await dialog.getByLabel("Reason (required)").fill("left the company");
    expect(await go.isDisabled()).toBe(false);
    await shot(page, "offboard-dialog-preview");
    await go.click();
    const link = dialog.getByRole("link", { name: /^acme: job \d+$/ });
    await link.waitFor();
    await shot(page, "offboard-dialog-started");
    expect(await link.getAttribute("href")).toMatch(/^\/orgs\/acme\/revocations\/\d+$/);
    for (let waited = 0; stack.sim.control.org("acme").grants.some((g) => g.owner.login === departed); waited += 200) {
      if (waited > 30_000) throw new Error("the offboarding did not remove the grants within 30 s");
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it("asks for the login typed above 25 items", async () => {
    const { context, page } = await newPage(browser);
    await signIn({ page, url: stack.url, login: stack.sim.control.org("acme").demoUsers.owner });
    await page.goto(`${stack.url}/people/bulk-holder`);
    await page.getByRole("button", { name: "Offboard bulk-holder…" }).click();
    const dialog = page.getByRole("dialog", { name: "Offboard bulk-holder" });
    await dialog.locator("tr[data-preview-org='acme']").waitFor();
    await dialog.getByLabel("Reason (required)").fill("contractor gone");
    const go = dialog.getByRole("button", { name: "Offboard: remove 30" });
    const typed = dialog.getByLabel(/^Type bulk-holder to remove 30/);
    expect(await go.isDisabled()).toBe(true);
    await typed.fill("bulk-holde");
    expect(await go.isDisabled()).toBe(true);
    await typed.fill("bulk-holder");
    expect(await go.isDisabled()).toBe(false);
    await shot(page, "offboard-dialog-typed");
    await context.close();
  });
});
