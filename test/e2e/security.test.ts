// Access held against the real built dashboard (Next's production server inside bot/server.ts):
// every route under app/ refuses a visitor without a cookie; an owner of one org cannot reach
// another org's grants, jobs, reports or policy runs by editing ids or URLs; a session cookie
// copied before sign-out is refused after; a server action replayed with a foreign Origin is refused.
// How each check is known to bite: the Origin test replays the same captured bytes from the
// dashboard's own Origin and asserts that this one does pause the org, so only the Origin differs;
// the cross-org walk first asserts each route shows data for acme's own ids ("ok"), so a refusal
// is not a broken page; the sign-out replay was checked failing in-process
// (test/reliability/sign-out.test.ts, with the signed-out lookup disabled). Org pages are gated by
// their layout before the loading boundary streams (real 307/404); a page's own later
// redirect()/notFound() would still arrive as a 200 with Next's meta tags (see outcome()).
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { and, eq, isNull } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRevocationJob } from "../../bot/revoke/create-job.ts";
import { generateReport } from "../../bot/reports/index.ts";
import { runPolicies } from "../../bot/policies/run-policies.ts";
import { createGitHubApp } from "../../bot/github/client.ts";
import { findDashboardOrg } from "../../db/queries/overview.ts";
import { credentials, grants, orgs } from "../../db/schema.ts";
import { captureOrgsAction, launchBrowser, signInSetCookie, startStack, type Stack } from "./harness.ts";

let stack: Stack;
let browser: Browser;
type OrgIds = { grant: number; job: number; report: number; run: number; credential: number; login: string };
const ids: Record<string, OrgIds> = {};

/** Rows of each kind an org URL can name, made by the engines themselves. */
async function seedIds(login: string): Promise<OrgIds> {
  const db = stack.db.db;
  const org = (await findDashboardOrg({ db, login }))!;
  const [grant] = await db.select({ id: grants.id }).from(grants).where(and(eq(grants.orgId, org.id), isNull(grants.removedAt))).limit(1);
  const job = await createRevocationJob({ db, orgId: org.id, target: { ids: [grant!.id] }, reason: "security test", actor: "t", actorType: "user", dryRun: true });
  const report = await generateReport({ db, org, trigger: "test", requestedBy: "t", deliver: false });
  const app = createGitHubApp({ appId: stack.sim.app.id, privateKey: stack.sim.app.privateKey, baseUrl: stack.sim.apiUrl });
  const run = await runPolicies({ db, octokit: app.installationOctokit(org.installationId!), org, dryRun: true, trigger: "test", actor: "t" });
  // One SSO credential authorization per org, as the credential sweep stores them (its page is an org route).
  const credential = login === "acme" ? 161_900_001 : 161_900_002;
  await db.insert(credentials).values({ orgId: org.id, credentialId: credential, login: `${login}-holder`, credentialType: "personal access token", tokenLastEight: "abcd1234", scopes: ["repo"], authorizedAt: new Date() });
  return { login, grant: grant!.id, job: job.id, report: report.report.id, run: run.runId, credential };
}

/** Every route under app/, from the file tree: "(group)" dirs vanish, page.tsx/route.ts end a route. */
function listRoutes(dir = path.resolve("app"), prefix = ""): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name.startsWith("_")) continue;
      out.push(...listRoutes(full, /^\(.*\)$/.test(name) ? prefix : `${prefix}/${name}`));
    } else if (name === "page.tsx" || name === "route.ts") out.push(prefix || "/");
  }
  return out;
}

function fill(route: string, o: OrgIds): string {
  return route.replace("[org]", o.login).replace("[grantId]", String(o.grant)).replace("[jobId]", String(o.job))
    .replace("[reportId]", String(o.report)).replace("[runId]", String(o.run)).replace("[credentialId]", String(o.credential)).replace("[file]", "report.json");
}

/** Signs in through the real OAuth flow (simulator's user picker) with fetch; returns the session cookie. */
async function signInCookie(login: string): Promise<string> {
  const session = await signInSetCookie({ url: stack.url, login });
  expect(session).toMatch(/HttpOnly/i);
  expect(session).toMatch(/SameSite=lax/i);
  expect(session).toMatch(/Expires=/);
  return session.split(";")[0]!;
}

/**
 * What a response amounts to. Dashboard pages stream behind a loading boundary, so once the shell
 * is sent Next can no longer change the status: a redirect() or notFound() thrown later arrives as
 * a 200 carrying Next's refresh meta tag to /login, or its noindex tag with the not-found page.
 */
type Outcome = "login" | "not-found" | "refused" | "ok";
async function outcome(res: Response): Promise<{ outcome: Outcome; body: string }> {
  const body = await res.text();
  const location = res.headers.get("location") ?? "";
  if (res.status >= 300 && res.status < 400) return { outcome: /^(https?:\/\/[^/]+)?\/login(\?|$)/.test(location) ? "login" : "ok", body };
  if (res.status === 404) return { outcome: "not-found", body };
  if (res.status === 401 || res.status === 403) return { outcome: "refused", body };
  if (/id="__next-page-redirect"[^>]*url=\/login/.test(body)) return { outcome: "login", body };
  if (res.status === 200 && /<meta name="robots" content="noindex"\/>/.test(body)) return { outcome: "not-found", body };
  return { outcome: res.status === 200 ? "ok" : "refused", body };
}

const get = (p: string, cookie?: string) => fetch(`${stack.url}${p}`, { redirect: "manual", headers: cookie ? { cookie } : {} });

beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: "acme", grants: 30 }, { login: "globex", grants: 20 }] });
  ids.acme = await seedIds("acme");
  ids.globex = await seedIds("globex");
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe("access held", () => {
  const routes = listRoutes();

  it("lists every route from the file tree", () => {
    expect(routes).toContain("/orgs/[org]/grants/[grantId]");
    expect(routes).toContain("/orgs/[org]/reports/[reportId]/[file]");
    expect(routes.length).toBeGreaterThanOrEqual(19);
  });

  it("signed out, every route is sign-in or a refusal, never data", async () => {
    const secretNames = (await stack.db.db.select({ name: grants.tokenName }).from(grants).limit(50)).map((g) => g.name).filter((n) => n.length >= 8);
    for (const route of routes) {
      const url = fill(route, ids.acme!);
      const res = route === "/api/auth/logout" ? await fetch(`${stack.url}${url}`, { method: "POST", redirect: "manual" }) : await get(url);
      const { outcome: got, body } = await outcome(res);
      if (["/login", "/api/auth/login"].includes(route)) expect(res.status, route).toBeLessThan(400);
      else expect(["login", "refused"], `${route} answered ${res.status}`).toContain(got);
      for (const n of secretNames) expect(body, `${route} leaked ${n}`).not.toContain(n);
    }
  });

  it("org pages answer with real statuses: 307 to sign-in (coming back to the same page) and 404 for a hidden org", async () => {
    // The org layout checks before loading.tsx's boundary streams; before it, both came as a 200.
    const signedOut = await get("/orgs/acme/grants?stale-days=90");
    expect(signedOut.status).toBe(307);
    expect(signedOut.headers.get("location")).toMatch(/\/login\?next=%2Forgs%2Facme%2Fgrants%3Fstale-days%3D90$/);
    const acmeOwner = await signInCookie(stack.sim.control.org("acme").demoUsers.owner);
    for (const p of ["/orgs/globex", "/orgs/globex/grants", "/orgs/nowhere/audit"]) expect((await get(p, acmeOwner)).status, p).toBe(404);
    expect((await get("/orgs/acme/grants", acmeOwner)).status).toBe(200);
  });

  it("an owner of acme reaches nothing of globex by ids or URLs, and the reverse", async () => {
    const acmeOwner = await signInCookie(stack.sim.control.org("acme").demoUsers.owner);
    const names = async (login: string) => new Set((await stack.db.db.select({ n: grants.tokenName, o: grants.ownerLogin }).from(grants)
      .innerJoin(orgs, eq(orgs.id, grants.orgId)).where(eq(orgs.login, login))).flatMap((r) => [r.n, r.o]).filter((n) => n.length >= 8));
    const acmeNames = await names("acme");
    const globexOnly = [...await names("globex")].filter((n) => !acmeNames.has(n));
    expect(globexOnly.length).toBeGreaterThan(0);
    const orgRoutes = routes.filter((r) => r.includes("[org]") && r !== "/orgs/[org]");
    for (const route of orgRoutes) {
      // acme's own ids under its own URL: reachable (so a 404 below is the check, not a broken page).
      expect((await outcome(await get(fill(route, ids.acme!), acmeOwner))).outcome, route).toBe("ok");
      // globex's ids under acme's URL answer exactly as ids that exist nowhere, and show none of globex's tokens.
      const mixed = fill(route, { ...ids.globex!, login: "acme" });
      if (mixed !== fill(route, ids.acme!)) {
        const seen = await outcome(await get(mixed, acmeOwner));
        const gone = await outcome(await get(fill(route, { login: "acme", grant: 987654321, job: 987654321, report: 987654321, run: 987654321, credential: 987654321 }), acmeOwner));
        expect(seen.outcome, `globex ids under acme: ${mixed}`).toBe(gone.outcome);
        for (const n of globexOnly) expect(seen.body, `${mixed} shows globex's ${n}`).not.toContain(n);
      }
      expect((await outcome(await get(fill(route, ids.globex!), acmeOwner))).outcome, `globex URL: ${route}`).toBe("not-found");
    }
    expect((await outcome(await get("/orgs/globex", acmeOwner))).outcome).toBe("not-found");
    const globexOwner = await signInCookie(stack.sim.control.org("globex").demoUsers.owner);
    for (const route of orgRoutes) expect((await outcome(await get(fill(route, ids.acme!), globexOwner))).outcome, route).toBe("not-found");
  });

  it("a non-member and a plain member reach nothing of the org", async () => {
    for (const who of [stack.sim.control.org("acme").demoUsers.member, stack.sim.control.org("acme").demoUsers.nonMember]) {
      const cookie = await signInCookie(who);
      for (const route of routes.filter((r) => r.includes("[org]"))) expect((await outcome(await get(fill(route, ids.acme!), cookie))).outcome, `${who} ${route}`).toBe("not-found");
    }
  });

  it("a session cookie copied before sign-out is refused after it", async () => {
    const cookie = await signInCookie(stack.sim.control.org("acme").demoUsers.owner);
    expect((await outcome(await get("/orgs/acme/grants", cookie))).outcome).toBe("ok");
    const out = await fetch(`${stack.url}/api/auth/logout`, { method: "POST", redirect: "manual", headers: { cookie, origin: stack.url } });
    expect(out.status).toBe(303);
    expect((await outcome(await get("/orgs/acme/grants", cookie))).outcome).toBe("login");
    expect((await outcome(await get(`/orgs/acme/reports/${ids.acme!.report}/report.json`, cookie))).outcome).not.toBe("ok");
  });
});

describe("cross-site server actions", () => {
  it("a server action POST with a foreign Origin is refused and changes nothing", async () => {
    const cookie = await signInCookie(stack.sim.control.org("acme").demoUsers.owner);
    // Capture the browser's real action request for "Pause syncing", without letting it through.
    const captured = await captureOrgsAction({
      browser, url: stack.url, cookie,
      click: (page) => page.locator("article, section, li, div").filter({ hasText: "acme" }).getByRole("button", { name: "Pause syncing" }).first().click(),
    });
    const { headers } = captured;
    expect(headers["next-action"]).toMatch(/^[0-9a-f]{40,}$/);

    const forged = await fetch(`${stack.url}/orgs`, { method: "POST", headers: { ...headers, origin: "https://evil.example" }, body: new Uint8Array(captured.body), redirect: "manual" });
    await forged.text();
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect((await findDashboardOrg({ db: stack.db.db, login: "acme" }))?.syncPaused).toBe(false);

    // The same bytes from the dashboard's own origin do run: the Origin alone made the difference.
    const same = await fetch(`${stack.url}/orgs`, { method: "POST", headers: { ...headers, origin: stack.url }, body: new Uint8Array(captured.body), redirect: "manual" });
    await same.text();
    expect(same.status).toBe(200);
    expect((await findDashboardOrg({ db: stack.db.db, login: "acme" }))?.syncPaused).toBe(true);
  });
});
