// The repository strategy: listing grants per repository (`repository=` filter) instead of one
// repositories call per subset grant, chosen from the counts the sweep sees, must produce exactly
// the inventory the per-grant way produces, and fall back to per grant when it cannot be cheaper
// or the installation does not see every repository.
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitHubApp, type GitHubApp } from "../../bot/github/client.ts";
import { startSimulator, type Simulator } from "../../simulator/index.ts";
import { registerInstallations, syncOrg } from "../../bot/sync/index.ts";
import type { RepositoryStrategyOption } from "../../bot/sync/context.ts";
import type { DbHandle } from "../../db/client.ts";
import { findOrgByLogin } from "../../db/queries/orgs.ts";
import { grantRepositories, grants, installations, syncRuns } from "../../db/schema.ts";
import { createTestDb } from "../helpers/db.ts";
import { quietLog } from "./harness.ts";

let sim: Simulator;
let app: GitHubApp;
const dbs: DbHandle[] = [];

beforeAll(async () => {
  sim = await startSimulator({
    seed: 11,
    orgs: [
      // Nearly every grant is subset, over few repositories: the repository-scoped way wins.
      { login: "narrow", grants: 300, repos: 20, subsetShare: 0.98, requests: 3 },
      // 40% `all` grants sit in every repository listing: per grant wins.
      { login: "broad", grants: 700, repos: 50, subsetShare: 0.2, requests: 3 },
    ],
  });
  app = createGitHubApp({ appId: sim.app.id, privateKey: sim.app.privateKey, baseUrl: sim.apiUrl, requestTimeoutMs: 10_000, retryBaseMs: 20, log: quietLog });
}, 60_000);
afterAll(async () => {
  for (const h of dbs) await h.close();
  await sim?.close();
});

async function syncInFreshDb(login: string, repositoryStrategy: RepositoryStrategyOption, prepare?: (h: DbHandle) => Promise<void>) {
  const h = await createTestDb();
  dbs.push(h);
  await registerInstallations({ db: h.db, appOctokit: app.appOctokit });
  const org = (await findOrgByLogin({ db: h.db, login }))!;
  await prepare?.(h);
  sim.control.clearRequestLog();
  const result = await syncOrg({ db: h.db, octokit: app.installationOctokit(org.installationId!), org: { id: org.id, login }, kind: "full", trigger: "test", repositoryStrategy });
  expect(result.status, result.error).toBe("succeeded");
  const [run] = await h.db.select().from(syncRuns).where(eq(syncRuns.id, result.runId!));
  const chosen = (run!.details as { repositoryStrategy?: { strategy: string; reason: string } }).repositoryStrategy;
  const repos = await h.db
    .select({ grantId: grantRepositories.grantId, repositoryId: grantRepositories.repositoryId, name: grantRepositories.name, fullName: grantRepositories.fullName, private: grantRepositories.private })
    .from(grantRepositories)
    .where(eq(grantRepositories.orgId, org.id))
    .orderBy(asc(grantRepositories.grantId), asc(grantRepositories.repositoryId));
  const counts = await h.db.select({ id: grants.id, n: grants.repositoryCount }).from(grants).where(eq(grants.orgId, org.id)).orderBy(asc(grants.id));
  const log = sim.control.requestLog();
  return { h, org, result, chosen, repos, counts, perGrantCalls: log.filter((e) => /personal-access-tokens\/\d+\/repositories$/.test(e.path)).length, log };
}

describe("repository strategy", () => {
  it("chooses repository-scoped listings when they are fewer calls, and the inventory is identical to per grant", async () => {
    const perGrant = await syncInFreshDb("narrow", "per-grant");
    const auto = await syncInFreshDb("narrow", "auto");
    expect(perGrant.chosen?.strategy).toBe("per-grant");
    expect(auto.chosen?.strategy).toBe("repository");
    expect(auto.repos.length).toBeGreaterThan(500);
    expect(auto.repos).toEqual(perGrant.repos);
    expect(auto.counts).toEqual(perGrant.counts);
    // Ground truth too, not only agreement between the two.
    const truth = sim.control.org("narrow").grants.filter((g) => g.repository_selection === "subset");
    expect(auto.repos.length).toBe(truth.reduce((n, g) => n + g.repositories.length, 0));
    // The point of it: far fewer calls than one per subset grant (the 20 sampled grants remain).
    expect(auto.perGrantCalls).toBeLessThanOrEqual(20);
    expect(auto.result.apiCalls).toBeLessThan(perGrant.result.apiCalls / 2);
    const byRepo = auto.log.filter((e) => e.path.endsWith("/personal-access-tokens") && e.query.includes("repository="));
    expect(new Set(byRepo.map((e) => e.query.match(/repository=([^&]+)/)![1])).size).toBe(sim.control.org("narrow").repos.length);
  }, 600_000);

  it("stays per grant when `all` grants make every repository listing long", async () => {
    const auto = await syncInFreshDb("broad", "auto");
    expect(auto.chosen?.strategy).toBe("per-grant");
    expect(auto.chosen?.reason).toMatch(/floor|fewer calls/);
    const subset = sim.control.org("broad").grants.filter((g) => g.repository_selection === "subset");
    expect(auto.perGrantCalls).toBeGreaterThanOrEqual(subset.length);
  }, 600_000);

  it("falls back to per grant when the installation was registered with selected repositories", async () => {
    const run = await syncInFreshDb("narrow", "auto", async (h) => {
      const org = (await findOrgByLogin({ db: h.db, login: "narrow" }))!;
      await h.db.update(installations).set({ repositorySelection: "selected" }).where(and(eq(installations.id, org.installationId!)));
    });
    expect(run.chosen).toEqual({ strategy: "per-grant", reason: "installation repository_selection is selected" });
    const installationId = sim.control.org("narrow").installationId;
    expect(run.log.some((e) => e.path === "/installation/repositories" && e.installationId === installationId)).toBe(false);
  }, 600_000);

  it("falls back to per grant when the probe of the installation's repositories fails", async () => {
    sim.control.injectFault({ path: "/installation/repositories", status: 500, count: -1 });
    try {
      const run = await syncInFreshDb("narrow", "auto");
      expect(run.chosen?.strategy).toBe("per-grant");
      expect(run.chosen?.reason).toMatch(/probe failed/);
      const truth = sim.control.org("narrow").grants.filter((g) => g.repository_selection === "subset");
      expect(run.repos.length).toBe(truth.reduce((n, g) => n + g.repositories.length, 0));
    } finally {
      sim.control.clearFaults();
    }
  }, 600_000);

  // Shared CPU: each case syncs into fresh databases, minutes when the machine is busy.
  it("a re-sync after a repository-scoped sweep keeps the inventory", async () => {
    const auto = await syncInFreshDb("narrow", "auto");
    const before = auto.repos;
    const again = await syncOrg({ db: auto.h.db, octokit: app.installationOctokit(sim.control.org("narrow").installationId), org: { id: auto.org.id, login: "narrow" }, kind: "full", trigger: "test" });
    expect(again.status, again.error).toBe("succeeded");
    const after = await auto.h.db.select({ grantId: grantRepositories.grantId, repositoryId: grantRepositories.repositoryId, name: grantRepositories.name, fullName: grantRepositories.fullName, private: grantRepositories.private })
      .from(grantRepositories).where(eq(grantRepositories.orgId, auto.org.id)).orderBy(asc(grantRepositories.grantId), asc(grantRepositories.repositoryId));
    expect(after).toEqual(before);
  }, 600_000);
});
