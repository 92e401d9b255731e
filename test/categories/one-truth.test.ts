// One org, varied grants, and every surface that says a category's word: the grants filter (CLI and
// dashboard table), the overview's counts, the daily snapshot, the policy rules (their matches plus
// the expired grants they skip), the stored risk reasons and the report. Each must count the same
// grants, and so must the overview's stored summary (org_summaries, what the overview verb serves).
// Runs on PGlite, and on Postgres when DATABASE_URL is set.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { policyConfigSchema } from "../../bot/policies/config.ts";
import { countExpiredMatches, evaluateRules } from "../../bot/policies/evaluate.ts";
import { buildReport } from "../../bot/reports/build-report.ts";
import { recomputeRiskScores } from "../../bot/risk/recompute.ts";
import type { DbHandle } from "../../db/client.ts";
import { countGrants, listGrants } from "../../db/queries/grants.ts";
import { summarizeGrants } from "../../db/queries/overview.ts";
import { listPolicyGrants } from "../../db/queries/policy-grants.ts";
import { countSnapshot } from "../../db/queries/snapshots.ts";
import { summaryBounds } from "../../db/queries/org-summary.ts";
import type { GrantFilter } from "../../model/grant-filter.ts";
import { createTestDb } from "../helpers/db.ts";
import { testEngine } from "../helpers/engine.ts";
import { insertGrant, insertOrg, type GrantSpec } from "../app/factories.ts";

const now = new Date("2026-06-15T12:00:00Z");
const DAY = 86_400_000;
let h: DbHandle;
let org: { id: number; login: string };

const write = { repository: { contents: "write", metadata: "read" } };
const read = { repository: { contents: "read", metadata: "read" } };
// Every combination that made two screens disagree: expired owner-left grants (the policy skipped
// them, the overview counted them), a token GitHub flags expired without a date (the filter called
// it "no expiry", the overview did not), membership not yet known (not "left"), removed grants.
const SPECS: GrantSpec[] = [
  { ownerIsMember: false, lastUsedDaysAgo: 5, expiresInDays: 30, permissions: write },
  { ownerIsMember: false, lastUsedDaysAgo: 200, expiresInDays: -3, permissions: write },
  { ownerIsMember: false, lastUsedDaysAgo: null, expiresInDays: null, tokenExpired: true, permissions: read },
  { ownerIsMember: false, lastUsedDaysAgo: null, expiresInDays: null, repositories: ["api"], permissions: write },
  { ownerIsMember: null, lastUsedDaysAgo: 120, expiresInDays: null, permissions: write },
  { ownerIsMember: true, lastUsedDaysAgo: 91, expiresInDays: 10, repositories: ["web"], permissions: read },
  { ownerIsMember: true, lastUsedDaysAgo: 89, expiresInDays: null, permissions: read },
  { ownerIsMember: true, lastUsedDaysAgo: null, expiresInDays: 3, accessGrantedAt: new Date(now.getTime() - 40 * DAY), repositorySelection: "none" },
  { ownerIsMember: true, lastUsedDaysAgo: 1, expiresInDays: null, tokenExpired: true, permissions: { repository: { issues: "admin" } } },
  { ownerIsMember: true, lastUsedDaysAgo: 300, expiresInDays: -1, repositories: ["api", "web"], permissions: write },
  { ownerIsMember: false, lastUsedDaysAgo: 400, expiresInDays: null, removedAt: now, removalReason: "revoked_elsewhere" },
];

// A policy whose rules select the categories (idle-90 and never-used-90 together are "stale" at 90 days).
const config = policyConfigSchema.parse({
  rules: [
    { id: "idle-90", type: "idle", days: 90 },
    { id: "never-used-90", type: "never_used", days: 90 },
    { id: "never-used-1", type: "never_used", days: 1 },
    { id: "no-expiry", type: "lifetime", maxDays: 36500 },
    { id: "all-repos-write", type: "all_repositories_write" },
    { id: "owner-left", type: "owner_left" },
  ],
});

beforeAll(async () => {
  h = await createTestDb();
  org = await insertOrg({ db: h.db, login: "one-truth" });
  for (const spec of SPECS) await insertGrant({ db: h.db, orgId: org.id, now, spec: { ownerLogin: "alice", ...spec } });
  await recomputeRiskScores({ db: h.db, orgId: org.id, now });
});
afterAll(async () => h?.close());

describe("one definition per category, every surface the same count", () => {
  it("filter, overview, its stored summary, snapshot, policy rules, risk reasons and report agree", async () => {
    const db = h.db;
    const filterCount = (filter: GrantFilter) => countGrants({ db, orgId: org.id, filter, now });
    const overview = await summarizeGrants({ db, orgId: org.id, bounds: summaryBounds(now) });
    const stored = (await testEngine({ db, now: () => now }).orgs.overview({ orgId: org.id, since: now })).summary;
    const snapshot = await countSnapshot({ db, orgId: org.id, now });

    const grants = await listPolicyGrants({ db, orgId: org.id });
    const matches = evaluateRules({ grants, config, now });
    const skipped = countExpiredMatches({ grants, config, now });
    const rule = (...ids: string[]) => new Set(matches.filter((m) => ids.includes(m.ruleId)).map((m) => m.grantId)).size + ids.reduce((n, id) => n + (skipped[id] ?? 0), 0);

    const { rows } = await listGrants({ db, orgId: org.id, filter: {}, perPage: 100, now });
    const reason = (...codes: string[]) => rows.filter((g) => g.riskReasons.some((r) => codes.includes(r.code))).length;

    const report = await buildReport({ db, org, now, config, previous: null });
    const found = report.summary.findings;

    const surfaces = {
      stale: [await filterCount({ staleDays: 90 }), overview.stale, stored.stale, snapshot.staleGrants, rule("idle-90", "never-used-90"), found.stale],
      neverUsed: [await filterCount({ neverUsed: true }), overview.neverUsed, stored.neverUsed, snapshot.neverUsedGrants, rule("never-used-1"), reason("never_used", "never_used_recent"), found.never_used],
      ownerLeft: [await filterCount({ ownerLeft: true }), overview.ownerLeft, stored.ownerLeft, snapshot.ownerLeftGrants, rule("owner-left"), reason("owner_left"), found.owner_left],
      allReposWrite: [await filterCount({ allReposWrite: true }), overview.allReposWrite, stored.allReposWrite, rule("all-repos-write"), reason("all_repositories_write")],
      expired: [await filterCount({ expired: true }), overview.expired, stored.expired, snapshot.expiredGrants, found.expired],
      noExpiry: [await filterCount({ noExpiry: true }), overview.noExpiry, stored.noExpiry, snapshot.noExpiryGrants, rule("no-expiry"), reason("no_expiry"), found.no_expiry],
    };
    // The counts this org was built to have (removed grants never count; null membership is not "left").
    const expected = { stale: 6, neverUsed: 3, ownerLeft: 4, allReposWrite: 4, expired: 4, noExpiry: 3 };
    for (const [category, counts] of Object.entries(surfaces)) {
      expect({ category, counts }).toEqual({ category, counts: counts.map(() => expected[category as keyof typeof expected]) });
    }
  });

  it("a policy rule's matches and the expired grants it skips add up to the category (80 of 87; 7 are expired)", async () => {
    const grants = await listPolicyGrants({ db: h.db, orgId: org.id });
    const live = evaluateRules({ grants, config, now }).filter((m) => m.ruleId === "owner-left").length;
    expect({ live, expired: countExpiredMatches({ grants, config, now })["owner-left"] }).toEqual({ live: 2, expired: 2 });
  });
});
