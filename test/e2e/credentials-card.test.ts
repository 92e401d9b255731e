// The org card in a real browser says whether SSO credential authorizations are read: an org with
// SAML SSO shows "synced" with its active count (linking to the credentials page); an org without
// shows "not available — needs Enterprise Cloud with SAML SSO", and its sync succeeded all the same.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPage, screenshot, signIn, startStack, type Stack } from "./harness.ts";

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack({
    orgs: [{ login: "acme", grants: 30, requests: 2, sso: true, credentials: 40 }, { login: "globex", grants: 10, requests: 1 }],
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe("the org card's SSO credentials line", () => {
  it("an SSO org: synced, with the active count linking to its credentials; an org without SSO: not available, sync succeeded", async () => {
    const { context, page, errors } = await newPage(browser);
    await signIn({ page, url: stack.url, login: stack.sim.control.org("acme").demoUsers.owner });
    const acme = page.locator('article[data-org="acme"] [data-credentials]');
    await acme.waitFor();
    expect(await acme.getAttribute("data-credentials")).toBe("available");
    expect(await acme.innerText()).toMatch(/^SSO credential authorizations: synced — 40 active, last synced /);
    expect(await acme.getByRole("link", { name: "40 active" }).getAttribute("href")).toBe("/orgs/acme/credentials");
    await screenshot(page, "h2-card-acme-sso");
    await context.close();

    const other = await newPage(browser);
    await signIn({ page: other.page, url: stack.url, login: stack.sim.control.org("globex").demoUsers.owner });
    const card = other.page.locator('article[data-org="globex"]');
    const globex = card.locator("[data-credentials]");
    await globex.waitFor();
    expect(await globex.getAttribute("data-credentials")).toBe("not_available");
    expect(await globex.innerText()).toBe("SSO credential authorizations: not available — needs Enterprise Cloud with SAML SSO (GitHub: Not Found)");
    expect(await card.innerText()).toMatch(/succeeded/);
    await screenshot(other.page, "h2-card-globex-no-sso");
    expect([...errors, ...other.errors]).toEqual([]);
    await other.context.close();
  });
});
