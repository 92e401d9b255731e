// The dashboard's actions in a real browser against the simulator: select everything a filter
// matches and revoke it (checked in the simulator's own state, its request log and our audit
// log), single revoke, approve and deny requests, the audit log and its CSV, who may not act,
// keyboard use of the dialog, and axe-core on every page.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseGrantQuery } from "../../model/grant-filter.ts";
import { listGrants } from "../../db/queries/grants.ts";
import { auditLog, grants, orgs } from "../../db/schema.ts";
import { findSeriousViolations } from "./axe.ts";
import { launchBrowser, newPage, screenshot, signIn, startStack, type Stack } from "./harness.ts";

const ORG = "acme";
let stack: Stack;
let browser: Browser;
let acmeId: number;

beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: ORG, grants: 600, requests: 6 }], securityTeams: `${ORG}:security:read` });
  browser = await launchBrowser();
  const [row] = await stack.db.db.select({ id: orgs.id }).from(orgs).where(eq(orgs.login, ORG));
  acmeId = row!.id;
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const owner = () => stack.sim.control.org(ORG).demoUsers.owner;
const simGrantIds = () => new Set(stack.sim.control.org(ORG).grants.map((g) => g.id));

/** The simulator's state as another process sees it, over its HTTP control surface. */
async function simGrantIdsFromAnotherProcess(): Promise<Set<number>> {
  const script = "fetch(process.argv[1]).then((r) => r.json()).then((o) => process.stdout.write(JSON.stringify(o.grants.map((g) => g.id))))";
  const { stdout } = await promisify(execFile)(process.execPath, ["-e", script, `${stack.sim.url}/_sim/orgs/${ORG}`]);
  return new Set(JSON.parse(stdout) as number[]);
}

async function expectAccessible(page: Page, what: string) {
  expect(await findSeriousViolations(page), what).toEqual([]);
}

/** Active grants the table's query matches right now, by id, from our database. */
async function matching(query: string): Promise<number[]> {
  const p = new URLSearchParams(query);
  const { filter } = parseGrantQuery({ input: Object.fromEntries([...new Set(p.keys())].map((k) => [k, p.getAll(k)])) });
  const { rows } = await listGrants({ db: stack.db.db, orgId: acmeId, filter, sort: "id", direction: "asc", page: 1, perPage: 500, now: new Date() });
  return rows.map((g) => g.id);
}

const bulkRevokeCalls = () => stack.sim.control.requestLog().filter((e) => e.method === "POST" && e.path === `/orgs/${ORG}/personal-access-tokens`);

/** Select all the filter matches, revoke with a reason, follow the job to its end. Returns the job page. */
async function revokeAllMatching({ page, expected, reason, shots }: { page: Page; expected: number; reason: string; shots?: boolean }) {
  await page.getByRole("checkbox", { name: "Select all grants on this page" }).check();
  await page.getByRole("button", { name: `Select all ${expected.toLocaleString("en-US")} grants matching this filter` }).click();
  await page.getByTestId("selection-count").filter({ hasText: `All ${expected.toLocaleString("en-US")} grants matching this filter are selected.` }).waitFor();
  if (shots) await screenshot(page, "11-grants-all-matching-selected");
  await page.getByRole("button", { name: `Revoke ${expected} grants…` }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByTestId("revoke-summary").waitFor();
  expect(await dialog.getByTestId("revoke-summary").innerText()).toMatch(new RegExp(`^${expected} active grants of \\d+ owners? will lose access to ${ORG}\\. GitHub is asked in ${Math.ceil(expected / 100)} calls?`));
  await dialog.getByLabel("Reason (required)").fill(reason);
  if (expected > 50) {
    const submit = dialog.getByRole("button", { name: `Revoke ${expected} grants` });
    expect(await submit.isDisabled()).toBe(true);
    await dialog.getByLabel(`More than 50 grants: type ${ORG} to confirm`).fill(ORG);
  }
  if (shots) await screenshot(page, "12-revoke-dialog");
  if (shots) await expectAccessible(page, "revoke dialog");
  await dialog.getByRole("button", { name: `Revoke ${expected} grants` }).click();
  await page.waitForURL((u) => /^\/orgs\/acme\/revocations\/\d+$/.test(u.pathname));
  if (shots) await screenshot(page, "13-job-progress"); // usually still running: the first call waits for GitHub
  await page.locator('[data-job-status="succeeded"]').waitFor({ timeout: 60_000 });
  await page.getByTestId("job-progress").filter({ hasText: `${expected} of ${expected} grants done.` }).waitFor();
  if (shots) await screenshot(page, "13-job-finished");
  return Number(new URL(page.url()).pathname.split("/").pop());
}

async function expectRevokedExactly({ ids, before, reason }: { ids: number[]; before: Set<number>; reason: string }) {
  const after = simGrantIds();
  expect([...before].filter((id) => !after.has(id)).sort()).toEqual([...ids].sort());
  const seenElsewhere = await simGrantIdsFromAnotherProcess();
  expect(ids.filter((id) => seenElsewhere.has(id))).toEqual([]);
  expect(seenElsewhere.size).toBe(after.size);
  expect(bulkRevokeCalls()).toHaveLength(Math.ceil(ids.length / 100));
  const audit = await stack.db.db.select().from(auditLog)
    .where(and(eq(auditLog.orgId, acmeId), eq(auditLog.action, "grant.revoke"), inArray(auditLog.targetId, ids.map(String))));
  expect(audit.map((a) => Number(a.targetId)).sort()).toEqual([...ids].sort());
  expect(audit.every((a) => a.actor === owner() && a.reason === reason && a.result === "success")).toBe(true);
  const stillActive = await stack.db.db.select({ id: grants.id }).from(grants)
    .where(and(eq(grants.orgId, acmeId), inArray(grants.id, ids), isNull(grants.removedAt)));
  expect(stillActive).toEqual([]);
}

describe("bulk revoke in Chromium", () => {
  it("owner + permission + stale filter: select all matching, revoke with a reason; exactly those grants go, in ⌈N/100⌉ calls, each audited", async () => {
    const { context, page, errors } = await newPage(browser);
    await page.goto(`${stack.url}/login`);
    await expectAccessible(page, "sign-in page");
    await signIn({ page, url: stack.url, login: owner() });
    await page.locator(`article[data-org="${ORG}"]`).waitFor();
    await expectAccessible(page, "orgs page");
    await page.goto(`${stack.url}/orgs/${ORG}`);
    await page.locator(".recharts-wrapper").first().waitFor();
    await screenshot(page, "10-overview");
    await expectAccessible(page, "overview");

    // The six owners with the most stale grants, and a permission every grant holds.
    const stale = await matching("stale-days=90");
    const rows = await stack.db.db.select({ id: grants.id, owner: grants.ownerLogin }).from(grants).where(inArray(grants.id, stale));
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.owner.toLowerCase(), (counts.get(r.owner.toLowerCase()) ?? 0) + 1);
    const owners = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([login]) => login);
    const query = `owner=${owners.join(",")}&permission=metadata:read&stale-days=90`;
    const ids = await matching(query);
    expect(ids.length).toBeGreaterThan(10);

    await page.goto(`${stack.url}/orgs/${ORG}/grants?per-page=10`);
    await page.getByLabel("Owners (comma-separated)").fill(owners.join(", "));
    await page.getByLabel("Permission (at least)").fill("metadata:read");
    await page.getByLabel("Stale for days").fill("90");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL((u) => u.searchParams.get("stale-days") === "90");
    await page.getByTestId("grant-count").filter({ hasText: new RegExp(`^${ids.length} of 600 active grants`) }).waitFor();
    expect(await page.locator("tbody tr").count()).toBe(10);
    await expectAccessible(page, "grants table");

    const before = simGrantIds();
    stack.sim.control.clearRequestLog();
    await revokeAllMatching({ page, expected: ids.length, reason: "Stale for 90 days: quarterly cleanup", shots: true });
    await expectRevokedExactly({ ids, before, reason: "Stale for 90 days: quarterly cleanup" });
    await expectAccessible(page, "job page");
    expect(await page.locator('tr[data-item-status="revoked"]').count()).toBe(ids.length);

    await page.goto(`${stack.url}/orgs/${ORG}/revocations`);
    await page.locator("tr[data-job-id]").first().waitFor();
    await expectAccessible(page, "revocations list");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("every remaining stale grant of the demo org: more than 100 need the org name typed and two bulk calls", async () => {
    const { context, page, errors } = await newPage(browser);
    await signIn({ page, url: stack.url, login: owner() });
    const ids = await matching("stale-days=90");
    expect(ids.length).toBeGreaterThan(100);
    await page.goto(`${stack.url}/orgs/${ORG}/grants?stale-days=90`);
    await page.getByTestId("grant-count").filter({ hasText: new RegExp(`^${ids.length} of`) }).waitFor();
    const before = simGrantIds();
    stack.sim.control.clearRequestLog();
    await revokeAllMatching({ page, expected: ids.length, reason: "Unused for 90 days" });
    await expectRevokedExactly({ ids, before, reason: "Unused for 90 days" });
    expect(await matching("stale-days=90")).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the dialog is keyboard-operable: focus starts inside, Tab stays inside, Escape closes and returns focus", async () => {
    const { context, page } = await newPage(browser);
    await signIn({ page, url: stack.url, login: owner() });
    await page.goto(`${stack.url}/orgs/${ORG}/grants`);
    const first = page.locator("tbody tr").first().getByRole("checkbox");
    await first.focus();
    await page.keyboard.press("Space");
    const open = page.getByRole("button", { name: "Revoke 1 grant…" });
    await open.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Reason (required)").waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe("TEXTAREA");
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => Boolean(document.activeElement?.closest("dialog")))).toBe(true);
    }
    await page.keyboard.press("Escape");
    await expect.poll(() => page.evaluate(() => document.querySelector("dialog")?.open ?? false)).toBe(false);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe("Revoke 1 grant…");
    await context.close();
  });

  it("single revoke from the grant page uses update_pat_access and shows GitHub's answer", async () => {
    const { context, page, errors } = await newPage(browser);
    await signIn({ page, url: stack.url, login: owner() });
    const [grant] = await stack.db.db.select({ id: grants.id, name: grants.tokenName }).from(grants)
      .where(and(eq(grants.orgId, acmeId), isNull(grants.removedAt))).limit(1);
    stack.sim.control.clearRequestLog();
    await page.goto(`${stack.url}/orgs/${ORG}/grants/${grant!.id}`);
    await expectAccessible(page, "grant detail");
    await page.getByRole("button", { name: "Revoke this grant…" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Reason (required)").fill("Token leaked in a CI log");
    await screenshot(page, "16-single-revoke-dialog");
    await dialog.getByRole("button", { name: "Revoke", exact: true }).click();
    await dialog.getByText("Revoked: GitHub no longer lets this token reach the org.").waitFor();
    expect(simGrantIds().has(grant!.id)).toBe(false);
    expect(stack.sim.control.requestLog().filter((e) => e.method === "POST").map((e) => e.path)).toEqual([`/orgs/${ORG}/personal-access-tokens/${grant!.id}`]);
    await dialog.getByRole("button", { name: "Close", exact: true }).last().click();
    await page.getByText(/This grant is no longer active: revoked through patwarden/).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("requests and the audit log in Chromium", () => {
  it("approve one request and deny another; the simulator agrees and the audit log shows both", async () => {
    const { context, page, errors } = await newPage(browser);
    await signIn({ page, url: stack.url, login: owner() });
    const [approve, deny] = stack.sim.control.org(ORG).requests;
    await page.goto(`${stack.url}/orgs/${ORG}/requests`);
    await page.getByTestId("request-count").filter({ hasText: /^6 pending requests/ }).waitFor();
    await screenshot(page, "14-requests");
    await expectAccessible(page, "requests");

    await page.getByRole("checkbox", { name: `Select ${approve!.token_name} of ${approve!.owner.login}` }).check();
    await page.getByLabel("Reason (required)").fill("x".repeat(1030));
    await page.getByText("The reason is 1,030 characters long; at most 1,024 are allowed. Shorten it by 6.").waitFor();
    expect(await page.getByRole("button", { name: "Approve 1 request" }).isDisabled()).toBe(true);
    await page.getByLabel("Reason (required)").fill("Needed for the release pipeline");
    await page.getByRole("button", { name: "Approve 1 request" }).click();
    await page.getByRole("status").filter({ hasText: "Approved 1 request." }).waitFor();
    await page.getByTestId("request-count").filter({ hasText: /^5 pending requests/ }).waitFor();

    await page.getByRole("checkbox", { name: `Select ${deny!.token_name} of ${deny!.owner.login}` }).check();
    await page.getByLabel("Reason (required)").fill("Write access to all repositories is too broad");
    await page.getByRole("button", { name: "Deny 1 request" }).click();
    await page.getByRole("status").filter({ hasText: "Denied 1 request." }).waitFor();
    await page.getByTestId("request-count").filter({ hasText: /^4 pending requests/ }).waitFor();

    const sim = stack.sim.control.org(ORG);
    expect(sim.requests.map((r) => r.id)).not.toContain(approve!.id);
    expect(sim.requests.map((r) => r.id)).not.toContain(deny!.id);
    expect(sim.grants.filter((g) => g.token_id === approve!.token_id)).toHaveLength(1);
    expect(sim.grants.filter((g) => g.token_id === deny!.token_id)).toHaveLength(0);
    const [newGrant] = await stack.db.db.select({ id: grants.id }).from(grants).where(and(eq(grants.orgId, acmeId), eq(grants.tokenId, approve!.token_id)));
    expect(newGrant).toBeDefined();

    await page.goto(`${stack.url}/orgs/${ORG}/audit?action=request.deny`);
    await page.getByTestId("audit-count").filter({ hasText: /^1 entry/ }).waitFor();
    expect(await page.locator("tbody").innerText()).toContain("Write access to all repositories is too broad");
    await page.goto(`${stack.url}/orgs/${ORG}/audit?action=request.approve&actor=${owner()}`);
    await page.getByTestId("audit-count").filter({ hasText: /^1 entry/ }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the audit log filters by action and exports the same rows as CSV", async () => {
    const { context, page, errors } = await newPage(browser);
    await signIn({ page, url: stack.url, login: owner() });
    const revokes = await stack.db.db.select({ id: auditLog.id }).from(auditLog).where(and(eq(auditLog.orgId, acmeId), eq(auditLog.action, "grant.revoke")));
    await page.goto(`${stack.url}/orgs/${ORG}/audit`);
    await page.getByLabel("Action").selectOption("grant.revoke");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL((u) => u.searchParams.get("action") === "grant.revoke");
    await page.getByTestId("audit-count").filter({ hasText: `${revokes.length} entries match these filters` }).waitFor();
    expect(await page.locator("tbody tr").count()).toBe(50);
    await screenshot(page, "15-audit");
    await expectAccessible(page, "audit log");
    await page.getByRole("link", { name: "Older" }).click();
    await page.waitForURL((u) => u.searchParams.has("before"));

    const href = await page.getByRole("link", { name: "Download CSV" }).getAttribute("href");
    expect(href).toBe(`/orgs/${ORG}/audit.csv?action=grant.revoke`);
    const res = await page.request.get(`${stack.url}${href}`);
    expect(res.status()).toBe(200);
    const lines = (await res.text()).trim().split("\n");
    expect(lines[0]).toBe("id,at,actor,actor_type,action,target_type,target_id,reason,result,details,sources");
    expect(lines.slice(1).map((l) => Number(l.split(",")[0])).sort()).toEqual(revokes.map((r) => r.id).sort());
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a read-only security-team member sees the pages but no way to revoke or review", async () => {
    const { context, page } = await newPage(browser);
    await signIn({ page, url: stack.url, login: stack.sim.control.org(ORG).demoUsers.securityTeamMember });
    await page.goto(`${stack.url}/orgs/${ORG}/grants`);
    await page.getByTestId("grant-count").waitFor();
    expect([await page.locator("input.row-select").count(), await page.getByRole("button", { name: /^Revoke/ }).count()]).toEqual([0, 0]);
    await page.locator("tbody tr a").first().click();
    await page.getByText("Grant id (pat_id)").waitFor();
    expect(await page.getByRole("button", { name: "Revoke this grant…" }).count()).toBe(0);
    await page.goto(`${stack.url}/orgs/${ORG}/requests`);
    await page.getByText("your access is read-only, so you cannot review them").waitFor();
    expect(await page.getByRole("button", { name: /^(Approve|Deny)/ }).count()).toBe(0);
    await page.goto(`${stack.url}/orgs/${ORG}/audit`);
    await page.getByTestId("audit-count").waitFor();
    await context.close();
  });
});
