// Credential rules on the policies page in Chromium: the rules table lists them with their
// exceptions, a dry run's page lists every (credential, rule) item under "SSO credentials" and
// writes nothing, and an org without SAML SSO says why its credential rules were skipped.
import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { policyCredentialRunItems, policyCredentialWarnings } from "../../db/schema.ts";
import { findSeriousViolations } from "./axe.ts";
import { launchBrowser, newPage, screenshot, signIn, startStack, type Stack } from "./harness.ts";

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: "acme", grants: 30, sso: true, credentials: 40 }, { login: "plain", grants: 10 }] });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const accessible = async (page: Page, what: string) => expect(await findSeriousViolations(page), what).toEqual([]);
const POLICY = [
  "notify:", "  repository: security-notices", "rules: []", "credentialRules:",
  "  - id: no-ssh", "    type: credential_types", "    forbidden: [ssh_key]", "    mode: revoke", "    graceDays: 5",
  "    exceptions:", "      - type: ssh_key", "        reason: deploy keys until March", "        until: 2020-01-31",
  "  - id: cred-idle-30", "    type: idle", "    days: 30", "",
].join("\n");

async function withPolicy(org: string): Promise<{ page: Page; close: () => Promise<void>; errors: string[] }> {
  const { context, page, errors } = await newPage(browser);
  await signIn({ page, url: stack.url, login: stack.sim.control.org(org).demoUsers.owner });
  await stack.sim.control.putFile(org, ".github", ".github/patwarden.yml", POLICY);
  await page.goto(`${stack.url}/orgs/${org}/policies`);
  await page.getByRole("button", { name: "Reload from GitHub" }).click();
  await expect.poll(() => page.getByTestId("policy-status").innerText(), { timeout: 15_000 }).toBe("valid");
  return { page, close: () => context.close(), errors };
}

describe("credential rules on the policies pages", () => {
  it("lists the credential rules, and a dry run's credential items per rule, writing nothing", async () => {
    const { page, close, errors } = await withPolicy("acme");
    const rule = page.locator('tr[data-credential-rule="no-ssh"]');
    expect(await rule.innerText()).toMatch(/kind SSH key[\s\S]*revoke[\s\S]*5 days[\s\S]*every SSH key until 2020-01-31[\s\S]*expired/);
    await screenshot(page, "h8-01-credential-rules");
    await accessible(page, "policies with credential rules");

    await page.getByRole("button", { name: "Dry run" }).click();
    await page.waitForURL((u) => /\/policies\/runs\/\d+$/.test(u.pathname), { timeout: 30_000 });
    const runId = Number(new URL(page.url()).pathname.split("/").at(-1));
    const items = await stack.db.db.select().from(policyCredentialRunItems).where(eq(policyCredentialRunItems.runId, runId));
    const ssh = items.filter((i) => i.rule === "no-ssh");
    expect(ssh.length).toBeGreaterThan(0);
    expect(new Set(ssh.map((i) => i.outcome))).toEqual(new Set(["notified"]));
    const section = page.locator('div[data-credential-rule="no-ssh"]');
    expect(await section.locator("tbody tr").count()).toBe(ssh.length);
    expect(await section.locator("tbody tr").first().innerText()).toMatch(/SSH key[\s\S]*would warn owner[\s\S]*revocation after/);
    expect(await page.locator('div[data-credential-rule="cred-idle-30"] tbody tr').count()).toBe(items.filter((i) => i.rule === "cred-idle-30").length);
    expect(await stack.db.db.select().from(policyCredentialWarnings)).toEqual([]);
    expect(stack.sim.control.issues("acme", "security-notices")).toEqual([]);
    await screenshot(page, "h8-02-credential-dry-run");
    await accessible(page, "policy run with credentials");
    expect(errors).toEqual([]);
    await close();
  });

  it("an org without SAML SSO: the run page says credential rules were skipped and why", async () => {
    const { page, close, errors } = await withPolicy("plain");
    await page.getByRole("button", { name: "Dry run" }).click();
    await page.waitForURL((u) => /\/policies\/runs\/\d+$/.test(u.pathname), { timeout: 30_000 });
    expect(await page.getByTestId("credential-skipped").innerText()).toMatch(/^credential rules skipped: SSO credential authorizations: not available — needs Enterprise Cloud with SAML SSO/);
    await screenshot(page, "h8-03-credential-skipped");
    await page.getByRole("link", { name: "← Policies" }).click();
    expect(await page.getByTestId("credential-rules-skipped").innerText()).toMatch(/not available/);
    expect(errors).toEqual([]);
    await close();
  });

  it("the report page shows the credential section, or says not available for an org without SSO", async () => {
    for (const org of ["acme", "plain"]) {
      const { context, page, errors } = await newPage(browser);
      await signIn({ page, url: stack.url, login: stack.sim.control.org(org).demoUsers.owner });
      await page.goto(`${stack.url}/orgs/${org}/reports`);
      await page.getByRole("button", { name: "Generate report" }).click();
      await page.waitForURL((u) => /\/reports\/\d+$/.test(u.pathname), { timeout: 60_000 });
      const section = page.getByTestId("report-credentials");
      if (org === "acme") {
        expect(await section.innerText()).toMatch(/SSO credential authorizations\n+\d+ active, \d+ with at least one finding/);
        expect(await section.locator("details[data-credential-category]").count()).toBe(5);
      } else {
        expect(await page.getByTestId("credentials-not-available").innerText()).toMatch(/^Not available: SSO credential authorizations: not available/);
      }
      await screenshot(page, `h8-04-report-credentials-${org}`);
      await accessible(page, `report with credentials (${org})`);
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
