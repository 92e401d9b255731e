// The credentials page in a browser, on a synced simulator org with SAML SSO: the table through the
// org's Credentials tab, a type filter from the form, sorting by risk, keyset Next/Previous, a
// credential's page, a filter it cannot apply, and an org without SSO showing its status sentence.
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPage, signIn, startStack, type Stack } from "./harness.ts";

const SHOTS = "/tmp/shots-h3";
let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  stack = await startStack({ orgs: [{ login: "acme", grants: 10, members: 30, sso: true, credentials: 45, stories: true }, { login: "globex", grants: 5 }] });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
const ids = (page: Page) => page.locator("table[aria-label='Credentials'] tbody tr").evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-credential-id"))));

describe("credentials page", () => {
  it("lists, filters, sorts, pages and opens a credential", async () => {
    const { context, page, errors } = await newPage(browser);
    await signIn({ page, url: stack.url, login: stack.sim.control.org("acme").demoUsers.owner });
    await page.goto(`${stack.url}/orgs/acme`);
    await page.getByRole("navigation", { name: "acme sections" }).getByRole("link", { name: "Credentials" }).click();
    await page.waitForURL((u) => u.pathname === "/orgs/acme/credentials");
    const truth = stack.sim.control.credentials("acme");
    await expect(page.getByTestId("credential-count").textContent()).resolves.toContain(`${truth.length} active SSO credential authorizations`);
    expect((await ids(page)).length).toBe(45);
    await shot(page, "credentials-all");

    // A type from the form: only SSH keys, in the URL.
    await page.getByRole("group", { name: "Type" }).getByLabel("SSH key").check();
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL((u) => u.searchParams.get("type") === "ssh_key");
    const ssh = truth.filter((t) => t.credential_type === "SSH key").map((t) => t.credential_id).sort((a, b) => a - b);
    expect((await ids(page)).sort((a, b) => a - b)).toEqual(ssh);
    await shot(page, "credentials-ssh");

    // Riskiest first, 10 a page: Next and back by Previous.
    await page.goto(`${stack.url}/orgs/acme/credentials?sort=risk&per-page=10`);
    const first = await ids(page);
    const risks = await page.locator("td[data-col='risk'] .badge").evaluateAll((els) => els.map((e) => Number(e.textContent)));
    expect(risks).toEqual([...risks].sort((a, b) => b - a));
    await page.getByRole("link", { name: "Next" }).click();
    await page.waitForURL((u) => u.searchParams.has("after"));
    const second = await ids(page);
    expect(second.length).toBe(10);
    expect(second.some((id) => first.includes(id))).toBe(false);
    await page.getByRole("link", { name: "Previous" }).click();
    await page.waitForURL((u) => u.searchParams.has("before"));
    expect(await ids(page)).toEqual(first);

    // One credential's page.
    await page.locator(`tr[data-credential-id='${first[0]}'] td a`).first().click();
    await page.waitForURL((u) => u.pathname === `/orgs/acme/credentials/${first[0]}`);
    await page.getByText("Authorization id (credential_id)").waitFor();
    await shot(page, "credential-detail");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("names a filter it cannot apply; an org without SSO shows its status, not a table", async () => {
    const { context, page, errors } = await newPage(browser);
    await signIn({ page, url: stack.url, login: stack.sim.control.org("acme").demoUsers.owner });
    await page.goto(`${stack.url}/orgs/acme/credentials?risk-min=500`);
    const error = page.getByTestId("filter-error");
    await expect(error.getAttribute("data-field")).resolves.toBe("risk-min");
    await expect(error.textContent()).resolves.toContain("from 0 to 100");
    const other = await newPage(browser);
    await signIn({ page: other.page, url: stack.url, login: stack.sim.control.org("globex").demoUsers.owner });
    await other.page.goto(`${stack.url}/orgs/globex/credentials`);
    await expect(other.page.getByTestId("credentials-source").textContent()).resolves.toContain("not available — needs Enterprise Cloud with SAML SSO");
    expect(await other.page.locator("table[aria-label='Credentials']").count()).toBe(0);
    await shot(other.page, "credentials-not-available");
    expect(other.errors).toEqual([]);
    await other.context.close();
    expect(errors).toEqual([]);
    await context.close();
  });
});
