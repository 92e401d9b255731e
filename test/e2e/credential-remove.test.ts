// The credentials page's "Remove authorizations" bar in a browser: an owner filters to one person,
// selects the page, sees the preview (count, one call each), gives a reason, and lands on the job's
// page; GitHub (the simulator) then lists none of that person's authorizations.
import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { launchBrowser, newPage, signIn, startStack, type Stack } from "./harness.ts";

const SHOTS = "/tmp/shots-h4";
let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  stack = await startStack({ orgs: [{ login: "acme", grants: 10, members: 30, sso: true, credentials: 45 }] });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

it("removes the selected authorizations with a reason and shows the job", async () => {
  const truth = stack.sim.control.credentials("acme");
  const byLogin = new Map<string, number>();
  for (const c of truth) byLogin.set(c.login, (byLogin.get(c.login) ?? 0) + 1);
  const [person, n] = [...byLogin].sort((a, b) => b[1] - a[1])[0]!;
  const { page } = await newPage(browser);
  await signIn({ page, url: stack.url, login: stack.sim.control.org("acme").demoUsers.owner });
  await page.goto(`${stack.url}/orgs/acme/credentials?owner=${person.toLowerCase()}`);
  await page.getByLabel("Select all credentials on this page").check();
  await expect(page.getByTestId("selection-count").textContent()).resolves.toContain(`${n} authorization`);
  await page.getByRole("button", { name: /^Remove \d+ authorizations?…$/ }).click();
  const summary = page.getByTestId("credential-remove-summary");
  await summary.waitFor();
  expect(await summary.textContent()).toContain(`${n} SSO credential authorization`);
  // Each sample row names its kind as the tables do ("classic PAT", not GitHub's "personal access token").
  const sample = await page.getByRole("dialog").locator("tbody tr td:first-child").allTextContents();
  expect(sample.length).toBeGreaterThan(0);
  for (const cell of sample) expect(cell).toMatch(/^(classic PAT|SSH key|OAuth app token|GitHub App token) /);
  await page.screenshot({ path: `${SHOTS}/credential-remove-dialog.png`, fullPage: true });
  await page.getByLabel("Reason").fill("left the company");
  await page.getByRole("button", { name: /^Remove \d+ SSO credential authorizations?$/ }).click();
  await page.waitForURL((u) => /\/orgs\/acme\/revocations\/\d+$/.test(u.pathname), { timeout: 30_000 });
  await vi.waitFor(() => expect(stack.sim.control.credentials("acme").filter((c) => c.login === person)).toEqual([]), { timeout: 30_000, interval: 200 });
  await page.reload();
  await page.screenshot({ path: `${SHOTS}/credential-remove-job.png`, fullPage: true });
  expect(stack.sim.control.credentials("acme").length).toBe(truth.length - n);
}, 180_000);
