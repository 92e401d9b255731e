// The revocation job page and list for jobs that remove SSO credential authorizations: a credential
// removal (ids) and an offboarding part (grants and credentials) created on the simulator, then
// opened in Chromium: what the job removes with its calls, the selection per kind (the offboarding
// linking to the person page), and one row per credential with kind, owner, id and outcome.
import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { createEngine } from "../../bot/engine.ts";
import { loadEnv } from "../../bot/env.ts";
import { createGitHubApp } from "../../bot/github/client.ts";
import { findDashboardOrg } from "../../db/queries/overview.ts";
import { launchBrowser, newPage, signIn, startStack, type Stack } from "./harness.ts";

const SHOTS = "/tmp/shots-h9";
let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  stack = await startStack({ orgs: [{ login: "acme", grants: 40, members: 30, sso: true, credentials: 45 }] });
  browser = await launchBrowser();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** A second engine over the stack's database and simulator: creates the jobs the pages show. */
function engineOf(s: Stack) {
  const env = loadEnv({
    APP_ID: String(s.sim.app.id), PRIVATE_KEY: s.sim.app.privateKey, WEBHOOK_SECRET: s.sim.app.webhookSecret,
    GITHUB_CLIENT_ID: s.sim.app.clientId, GITHUB_CLIENT_SECRET: s.sim.app.clientSecret,
    GHE_HOST: s.sim.host, GHE_PROTOCOL: "http", SESSION_SECRET: "e2e-session-secret-0123456789abcdef", LOG_LEVEL: "silent",
  });
  return createEngine({ db: s.db, github: createGitHubApp({ appId: s.sim.app.id, privateKey: s.sim.app.privateKey, baseUrl: env.apiBaseUrl }) });
}

it("shows a credential removal and an offboarding part as what they remove", async () => {
  const engine = engineOf(stack);
  const acme = (await findDashboardOrg({ db: stack.db.db, login: "acme" }))!;
  const creds = stack.sim.control.credentials("acme");
  const grantOwners = new Set(stack.sim.control.org("acme").grants.map((g) => g.owner.login));
  const credOwners = [...new Set(creds.map((c) => c.login))];
  // The offboarded person holds both; the removal takes two credentials of someone else.
  const person = credOwners.find((l) => grantOwners.has(l))!;
  expect(person).toBeDefined();
  const picked = creds.filter((c) => c.login !== person).slice(0, 2);
  const held = { grants: stack.sim.control.org("acme").grants.filter((g) => g.owner.login === person).length, credentials: creds.filter((c) => c.login === person).length };

  const { jobId: removal } = await engine.revocations.startCredentials({
    orgId: acme.id, target: { ids: picked.map((c) => c.credential_id) }, reason: "keys leaked", actor: "e2e", actorType: "user",
  });
  const off = await engine.offboarding.start({ login: person, orgs: ["acme"], reason: "left the company", actor: "e2e", actorType: "user" });
  const part = off.jobIds[0]!;
  await vi.waitFor(() => expect(stack.sim.control.credentials("acme").filter((c) => c.login === person || picked.some((p) => p.credential_id === c.credential_id))).toEqual([]), { timeout: 60_000, interval: 250 });

  const { page, errors } = await newPage(browser);
  await signIn({ page, url: stack.url, login: stack.sim.control.org("acme").demoUsers.owner });

  await page.goto(`${stack.url}/orgs/acme/revocations/${removal}`);
  await page.getByTestId("job-progress").filter({ hasText: "2 of 2 credential authorizations done." }).waitFor({ timeout: 30_000 });
  expect(await page.getByTestId("job-parts").textContent()).toBe("2 credentials");
  expect(await page.getByTestId("job-selection").textContent()).toBe(`credential ids ${picked.map((c) => c.credential_id).join(", ")}`);
  expect(await page.getByTestId("job-method").textContent()).toContain("DELETE /orgs/{org}/credential-authorizations/{id}, 2 calls (one each)");
  expect(await page.getByTestId("job-method").textContent()).not.toContain("update_pat_accesses");
  const rows = page.locator("table[aria-label='Outcome per SSO credential authorization'] tbody tr");
  expect(await rows.count()).toBe(2);
  const first = await rows.first().locator("td").allTextContents();
  expect(first[1]).toBe(picked.slice().sort((a, b) => a.credential_id - b.credential_id)[0]!.login);
  expect(first[4]).toBe("Revoked");
  expect(await page.locator("table[aria-label='Outcome per grant']").count()).toBe(0);
  await page.screenshot({ path: `${SHOTS}/credential-removal-job.png`, fullPage: true });

  await page.goto(`${stack.url}/orgs/acme/revocations/${part}`);
  await page.getByTestId("job-progress").filter({ hasText: " done." }).waitFor({ timeout: 30_000 });
  expect(await page.getByTestId("job-parts").textContent()).toBe(`${held.grants} grant${held.grants === 1 ? "" : "s"}, ${held.credentials} credential${held.credentials === 1 ? "" : "s"}`);
  expect(await page.getByTestId("job-selection").textContent()).toContain(`offboarding of ${person} (#${off.id})`);
  expect(await page.getByTestId("job-selection").getByRole("link", { name: person }).getAttribute("href")).toBe(`/people/${person}`);
  expect(await page.getByTestId("job-method").textContent()).toContain(`update_pat_accesses, ${Math.ceil(held.grants / 100)} call`);
  expect(await page.getByTestId("job-method").textContent()).toContain(`${held.credentials} call`);
  expect(await rows.count()).toBe(held.credentials);
  expect(await page.locator("table[aria-label='Outcome per grant'] tbody tr").count()).toBe(held.grants);
  await page.screenshot({ path: `${SHOTS}/offboarding-part-job.png`, fullPage: true });

  // The "Failed" outcome has none: the empty notice names both kinds.
  await page.goto(`${stack.url}/orgs/acme/revocations/${part}?status=failed`);
  expect(await page.locator(".panel.empty").textContent()).toContain("No grants or credential authorizations with this outcome.");

  await page.goto(`${stack.url}/orgs/acme/revocations`);
  expect(await page.locator(`tr[data-job-id='${removal}'] [data-testid='job-parts']`).textContent()).toBe("2 credentials");
  expect(await page.locator(`tr[data-job-id='${part}'] [data-testid='job-parts']`).textContent()).toContain(`${held.credentials} credential`);
  await page.screenshot({ path: `${SHOTS}/revocations-list.png`, fullPage: true });
  expect(errors).toEqual([]);
}, 240_000);
