// Whether an org has SSO credential authorizations is a status, never an error: 404 (no SAML SSO,
// not Enterprise Cloud, GHES) → not_available, 403 → forbidden, 200 → available, with GitHub's
// message and when it was asked. The sync still succeeds, the log holds no warn or error line and
// one info line only when the status changes; an org without SSO is asked once per full sync (not
// again within 12 h unless a person asked for the sync), never by incremental syncs. PGlite, and Postgres with DATABASE_URL.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createGitHubApp } from "../../bot/github/client.ts";
import { syncOrg } from "../../bot/sync/index.ts";
import { NOT_AVAILABLE_RECHECK_MS } from "../../bot/sync/sweep-credentials.ts";
import { describeSummary } from "../../bot/sync/sync-orgs.ts";
import { orgs } from "../../db/schema.ts";
import { DEFAULT_INSTALLATION_PERMISSIONS } from "../../simulator/seed.ts";
import { startHarness, type Harness } from "./harness.ts";

type Line = { level: string; msg: string };
const lines: Line[] = [];
const capture = {
  debug: (msg: unknown) => void lines.push({ level: "debug", msg: String(msg) }),
  info: (msg: unknown) => void lines.push({ level: "info", msg: String(msg) }),
  warn: (msg: unknown) => void lines.push({ level: "warn", msg: String(msg) }),
  error: (msg: unknown) => void lines.push({ level: "error", msg: String(msg) }),
};

describe("SSO credential source status", () => {
  let hs: Harness;
  beforeAll(async () => {
    hs = await startHarness({
      sim: { orgs: [{ login: "globex", grants: 5, requests: 1 }, { login: "initech", grants: 5, requests: 1, sso: true, credentials: 30 }] },
      client: { log: capture },
    });
  }, 300_000);
  afterAll(async () => hs?.close());
  beforeEach(() => {
    lines.length = 0;
    hs.sim.control.clearRequestLog();
  });

  const sync = async (login: string, kind: "full" | "incremental" = "full", now?: () => Date, app = hs.app) => {
    const org = await hs.orgRef(login);
    const result = await syncOrg({ db: hs.h.db, octokit: app.installationOctokit(org.installationId), org, kind, trigger: "schedule", log: capture, ...(now ? { now } : {}) });
    const [row] = await hs.h.db.select().from(orgs).where(eq(orgs.id, org.id));
    const asked = hs.sim.control.requestLog().filter((e) => e.path === `/orgs/${login}/credential-authorizations`);
    return { result, row: row!, asked };
  };
  const problems = () => lines.filter((l) => l.level === "warn" || l.level === "error");
  const aboutCredentials = () => lines.filter((l) => l.msg.includes("SSO credential authorizations"));

  it("an org without SSO: not_available with GitHub's message, the sync succeeds, one info line and no warn/error", async () => {
    const { result, row, asked } = await sync("globex");
    expect(result.status, result.error).toBe("succeeded");
    expect(asked.map((e) => e.status)).toEqual([404]);
    expect(row).toMatchObject({ credentialsStatus: "not_available", credentialsDetail: "Not Found" });
    expect(row.credentialsCheckedAt).toBeInstanceOf(Date);
    expect(result.credentials).toEqual({ status: "not_available", seen: 0, added: 0, updated: 0, removed: 0 });
    expect(problems()).toEqual([]);
    expect(aboutCredentials()).toEqual([{ level: "info", msg: "globex: SSO credential authorizations: not available — needs Enterprise Cloud with SAML SSO (GitHub: Not Found)" }]);
    expect(describeSummary({ org: "globex", kind: "full", ok: true, status: "succeeded", apiCalls: 1, rateLimitSpent: 1, grants: result.grants, credentials: result.credentials, durationMs: 1 }))
      .toContain("\n  SSO credential authorizations: not available — needs Enterprise Cloud with SAML SSO");
  });

  it("is not asked again by incremental syncs, nor by a full sync within 12 h; a full sync after that asks once, silently", async () => {
    let out = await sync("globex", "incremental");
    expect(out.result.status, out.result.error).toBe("succeeded");
    expect(out.asked).toEqual([]);
    out = await sync("globex", "full");
    expect(out.asked).toEqual([]);
    const later = new Date(Date.now() + NOT_AVAILABLE_RECHECK_MS + 60_000);
    out = await sync("globex", "full", () => later);
    expect(out.result.status, out.result.error).toBe("succeeded");
    expect(out.asked.map((e) => e.status)).toEqual([404]);
    expect(out.row.credentialsCheckedAt).toEqual(later);
    expect(problems()).toEqual([]);
    expect(aboutCredentials()).toEqual([]); // unchanged status: no line at all
  });

  it("a sync asked for by hand (CLI, sync now) asks again at once: SSO just turned on is seen", async () => {
    hs.sim.control.setSso("globex", true);
    const org = await hs.orgRef("globex");
    const result = await syncOrg({ db: hs.h.db, octokit: hs.app.installationOctokit(org.installationId), org, kind: "full", trigger: "cli", log: capture });
    expect(result.status, result.error).toBe("succeeded");
    expect(result.credentials?.status).toBe("available");
    expect(aboutCredentials()).toEqual([{ level: "info", msg: "globex: SSO credential authorizations: synced" }]);
    hs.sim.control.setSso("globex", false);
    const again = await syncOrg({ db: hs.h.db, octokit: hs.app.installationOctokit(org.installationId), org, kind: "full", trigger: "dashboard:someone", log: capture });
    expect(again.credentials?.status).toBe("not_available");
    expect(problems()).toEqual([]);
  });

  it("without the Administration permission: forbidden, with GitHub's message; accepted later: available", async () => {
    const { administration: _a, organization_administration: _oa, ...without } = DEFAULT_INSTALLATION_PERMISSIONS;
    hs.sim.control.setInstallationPermissions("initech", without);
    let out = await sync("initech");
    expect(out.result.status, out.result.error).toBe("succeeded");
    expect(out.row).toMatchObject({ credentialsStatus: "forbidden", credentialsDetail: "Resource not accessible by integration" });
    expect(problems()).toEqual([]);
    expect(aboutCredentials().map((l) => l.level)).toEqual(["info"]);
    hs.sim.control.setInstallationPermissions("initech", DEFAULT_INSTALLATION_PERMISSIONS);
    lines.length = 0;
    // An installation token carries the permissions it was made with: the next one has the new permission.
    const fresh = createGitHubApp({ appId: hs.sim.app.id, privateKey: hs.sim.app.privateKey, baseUrl: hs.sim.apiUrl, retryBaseMs: 20, log: capture });
    out = await sync("initech", "full", undefined, fresh);
    expect(out.row).toMatchObject({ credentialsStatus: "available", credentialsDetail: null });
    expect(out.result.credentials).toMatchObject({ status: "available", seen: 30, added: 30 });
    expect(aboutCredentials()).toEqual([{ level: "info", msg: "initech: SSO credential authorizations: synced" }]);
  });

  it("incremental syncs of an available org walk the list too (free 304s when unchanged)", async () => {
    const fresh = createGitHubApp({ appId: hs.sim.app.id, privateKey: hs.sim.app.privateKey, baseUrl: hs.sim.apiUrl, retryBaseMs: 20, log: capture });
    const out = await sync("initech", "incremental", undefined, fresh);
    expect(out.result.status, out.result.error).toBe("succeeded");
    expect(out.asked).toHaveLength(1);
    expect(out.result.credentials).toMatchObject({ status: "available", seen: 30, added: 0 });
  });
});
