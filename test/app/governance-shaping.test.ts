// Pure shaping for the governance pages: trends from snapshots, job rows, policy rules and source,
// run items per rule, report categories and delivery, and grant timelines.
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY_CONFIG, parsePolicyConfig, policyConfigSchema } from "../../bot/policies/config.ts";
import { shapeJobRows } from "../../app/_lib/job-rows.ts";
import { annotateSource, describeRule, groupRunItems, isExceptionExpired } from "../../app/_lib/policy-view.ts";
import { deliveryLinks, shapeCategories, totalFindings } from "../../app/_lib/report-view.ts";
import { describeValue, shapeTimeline } from "../../app/_lib/timeline.ts";
import { shapeSnapshotTrends, share, weekStart } from "../../app/_lib/trends.ts";

const d = (s: string) => new Date(s);

describe("shapeSnapshotTrends", () => {
  const snap = (day: string, active: number, stale: number, noExpiry: number) => ({ day, activeGrants: active, staleGrants: stale, noExpiryGrants: noExpiry });

  it("turns snapshots into shares of active grants, sorted, last of a day winning", () => {
    const t = shapeSnapshotTrends({
      snapshots: [snap("2026-03-03", 200, 50, 20), snap("2026-03-01", 100, 25, 10), snap("2026-03-03", 300, 30, 3)],
      revocations: [], since: d("2026-03-01T00:00:00Z"), now: d("2026-03-03T12:00:00Z"),
    });
    expect(t.points).toEqual([
      { date: "2026-03-01", activeGrants: 100, staleShare: 25, noExpiryShare: 10 },
      { date: "2026-03-03", activeGrants: 300, staleShare: 10, noExpiryShare: 1 },
    ]);
    expect(t.enough).toBe(true);
  });

  it("needs two snapshots for a trend, and a share of zero active grants is null", () => {
    const t = shapeSnapshotTrends({ snapshots: [snap("2026-03-01", 0, 0, 0)], revocations: [], since: d("2026-03-01T00:00:00Z"), now: d("2026-03-01T00:00:00Z") });
    expect(t.enough).toBe(false);
    expect(t.points[0]).toMatchObject({ staleShare: null, noExpiryShare: null });
    expect(share(1, 3)).toBe(33.3);
  });

  it("fills every week from since to now, Mondays (UTC), with zero where nothing was revoked", () => {
    expect(weekStart(d("2026-03-08T23:59:00Z"))).toBe("2026-03-02"); // a Sunday belongs to the week of Monday the 2nd
    expect(weekStart(d("2026-03-09T00:00:00Z"))).toBe("2026-03-09");
    const t = shapeSnapshotTrends({
      snapshots: [], revocations: [{ week: "2026-03-09", revoked: 7 }], since: d("2026-03-04T00:00:00Z"), now: d("2026-03-17T00:00:00Z"),
    });
    expect(t.weekly).toEqual([{ week: "2026-03-02", revoked: 0 }, { week: "2026-03-09", revoked: 7 }, { week: "2026-03-16", revoked: 0 }]);
  });
});

describe("shapeJobRows", () => {
  it("lists every job in order, never-run ones empty, in-flight ones as running, failures with their error", () => {
    const rows = shapeJobRows([
      { job: "report", lastStartedAt: d("2026-03-02T00:00:00Z"), lastFinishedAt: d("2026-03-02T00:01:00Z"), lastOutcome: "failed", lastError: "GitHub is down", nextRunAt: d("2026-03-09T00:00:00Z") },
      { job: "sync", lastStartedAt: d("2026-03-02T10:00:00Z"), lastFinishedAt: d("2026-03-02T09:00:00Z"), lastOutcome: "succeeded", lastError: null, nextRunAt: null },
    ]);
    expect(rows.map((r) => r.job)).toEqual(["sync", "snapshot", "policy", "report"]);
    expect(rows[0]).toMatchObject({ running: true, outcome: "running", tone: "neutral" });
    expect(rows[1]).toMatchObject({ lastStartedAt: null, outcome: null, nextRunAt: null });
    expect(rows[3]).toMatchObject({ outcome: "failed", tone: "bad", error: "GitHub is down" });
  });
});

describe("policy view", () => {
  const now = d("2026-03-10T12:00:00Z");

  it("describes each default rule and flags exceptions the day after their end date", () => {
    const views = DEFAULT_POLICY_CONFIG.rules.map((r) => describeRule(r, now));
    expect(views.find((v) => v.id === "idle-90")?.condition).toBe("not used for more than 90 days");
    expect(views.every((v) => v.mode === "report")).toBe(true);
    expect(isExceptionExpired("2026-03-10", now)).toBe(false);
    expect(isExceptionExpired("2026-03-09", now)).toBe(true);
    const config = policyConfigSchema.parse({
      notify: { repository: "security-notices" },
      rules: [{ id: "idle", type: "idle", days: 30, mode: "revoke", exceptions: [
        { token: "deploy", reason: "release bot", until: "2026-03-09" }, { owner: "octocat", reason: "on leave", until: "2026-12-31" },
      ] }],
    });
    expect(describeRule(config.rules[0]!, now).exceptions).toEqual([
      { subject: "token “deploy”", reason: "release bot", until: "2026-03-09", expired: true },
      { subject: "owner @octocat", reason: "on leave", until: "2026-12-31", expired: false },
    ]);
  });

  it("puts each error of an invalid file beside its line", () => {
    const source = "rules:\n  - id: idle\n    type: idle\n    days: -3\n";
    const parsed = parsePolicyConfig(source);
    expect(parsed.ok).toBe(false);
    const errors = parsed.ok ? [] : parsed.errors;
    const { lines, unplaced } = annotateSource(source, [...errors, { line: null, field: "(file)", message: "x" }]);
    expect(lines).toHaveLength(4);
    expect(lines[3]!.errors.map((e) => e.field)).toEqual(["rules[0].days"]);
    expect(unplaced).toEqual([{ line: null, field: "(file)", message: "x" }]);
  });

  it("groups a run's items per rule and counts outcomes", () => {
    const item = (grantId: number, rule: string, outcome: "matched" | "skipped" | "revoked") => ({ grantId, rule, mode: "revoke", outcome, detail: null, ownerLogin: "o", tokenName: "t" });
    const groups = groupRunItems([item(1, "idle", "revoked"), item(2, "owner-left", "matched"), item(3, "idle", "skipped")]);
    expect(groups.map((g) => [g.rule, g.items.map((i) => i.grantId), g.counts.revoked, g.counts.skipped])).toEqual([["idle", [1, 3], 1, 1], ["owner-left", [2], 0, 0]]);
  });
});

describe("report view", () => {
  it("links each category to the grants table with its filter and caps the list", () => {
    const finding = (grantId: number, category: "stale" | "owner_left") => ({
      category, filter: "", grantId, tokenId: 1, tokenName: `t${grantId}`, owner: "o", ownerIsMember: null, repositorySelection: "all" as const,
      repositoryCount: null, permissions: [], lastUsedAt: null, expiresAt: null, grantedAt: "2026-01-01T00:00:00Z", riskScore: 0,
    });
    const views = shapeCategories({
      org: "acme co", limit: 1,
      doc: { categories: [{ category: "stale", count: 2, filters: ["stale-days=90"] }, { category: "owner_left", count: 0, filters: ["owner-left=true"] }], findings: [finding(1, "stale"), finding(2, "stale")] },
    });
    expect(views[0]).toMatchObject({ label: "Stale", href: "/orgs/acme%20co/grants?stale-days=90", more: 1 });
    expect(views[0]!.findings.map((f) => f.grantId)).toEqual([1]);
    expect(views[1]).toMatchObject({ count: 0, findings: [] });
  });

  it("reads delivery records and summary counts without guessing", () => {
    expect(deliveryLinks({ issue: { repository: "compliance", number: 4, url: "http://x/4" }, errors: ["file: 403", 5] })).toEqual({
      links: [{ label: "issue", href: "http://x/4", text: "compliance#4" }], errors: ["file: 403"],
    });
    expect(deliveryLinks({})).toEqual({ links: [], errors: [] });
    expect(totalFindings({ findings: { stale: 3, expired: 2, bogus: "x" } })).toBe(5);
    expect(totalFindings({})).toBe(0);
  });
});

describe("grant timeline", () => {
  it("orders events and warnings, says before → after, and skips warnings already on the timeline", () => {
    const warnedAt = d("2026-03-02T00:00:00Z");
    const { entries, openWarnings } = shapeTimeline({
      events: [
        { at: d("2026-03-05T00:00:00Z"), kind: "permissions_changed", details: { before: { repository: { contents: "read" } }, after: { repository: { contents: "write" } } } },
        { at: d("2026-03-01T00:00:00Z"), kind: "first_seen", details: {} },
        { at: warnedAt, kind: "warned", details: { rule: "idle", mode: "revoke", runId: 3 } },
      ],
      warnings: [
        { rule: "idle", mode: "revoke", status: "open", warnedAt, revokeAfter: d("2026-03-09T00:00:00Z"), resolvedAt: null },
        { rule: "owner-left", mode: "notify", status: "resolved", warnedAt: d("2026-03-03T00:00:00Z"), revokeAfter: null, resolvedAt: null },
      ],
    });
    expect(entries.map((e) => e.kind)).toEqual(["first_seen", "warned", "warned", "permissions_changed"]);
    expect(entries[3]!.lines).toEqual(["contents:read → contents:write"]);
    expect(entries[1]!.lines).toEqual(["rule: idle", "mode: revoke"]);
    expect(openWarnings).toEqual(["idle: revocation after 2026-03-09 00:00 UTC"]);
    expect(describeValue(null)).toBe("none");
    expect(describeValue(["a", "b"])).toBe("a, b");
  });
});
