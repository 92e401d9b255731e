import { summaryBounds } from "../../db/queries/org-summary.ts";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseGrantQuery } from "../../model/grant-filter.ts";
import { grantsHref, shapeLastUse, shapeTopOwners, shapeTopPermissions, shapeTrend, trendEmptyState } from "../../app/_lib/charts.ts";
import { formatCount, formatDuration, formatRelative } from "../../app/_lib/format.ts";
import { orgStatus } from "../../app/_lib/org-status.ts";
import { checkPermissions, REQUIRED_PERMISSIONS } from "../../app/_lib/required-permissions.ts";
import type { GrantSummary } from "../../db/queries/overview.ts";

const now = new Date("2026-06-15T12:00:00Z");
const queryOf = (href: string) => {
  const u = new URL(href, "http://x");
  return parseGrantQuery({ input: Object.fromEntries([...u.searchParams.keys()].map((k) => [k, u.searchParams.getAll(k)])) });
};

describe("chart shaping", () => {
  it("last-use bars link to the matching date window", () => {
    const bounds = summaryBounds(now);
    const summary = { used7: 4, used30: 3, used90: 2, usedOlder: 1, neverUsed: 5 } as GrantSummary;
    const bars = shapeLastUse({ org: "acme", summary, bounds });
    expect(bars.map((b) => [b.label, b.count])).toEqual([["≤ 7 days", 4], ["8–30 days", 3], ["31–90 days", 2], ["> 90 days", 1], ["Never used", 5]]);
    expect(queryOf(bars[1]!.href).filter).toEqual({ lastUsedAfter: bounds.used30, lastUsedBefore: bounds.used7 });
    expect(queryOf(bars[4]!.href).filter).toEqual({ neverUsed: true });
    expect(bars[0]!.href.startsWith("/orgs/acme/grants?")).toBe(true);
  });

  it("splits write-or-higher into write and admin, largest first, capped", () => {
    const rows = [
      { name: "issues", writeOrHigher: 3, admin: 0 },
      { name: "organization_projects", writeOrHigher: 9, admin: 4 },
      { name: "contents", writeOrHigher: 9, admin: 0 },
    ];
    const bars = shapeTopPermissions({ org: "acme", rows, limit: 2 });
    expect(bars.map((b) => [b.label, b.write, b.admin])).toEqual([["contents", 9, 0], ["organization_projects", 5, 4]]);
    expect(queryOf(bars[0]!.href).filter).toEqual({ permission: [{ name: "contents", level: "write" }] });
  });

  it("owners link to an owner filter, ties broken by login", () => {
    const bars = shapeTopOwners({ org: "My Org", rows: [{ login: "Zed", grants: 2 }, { login: "amy", grants: 2 }, { login: "bo", grants: 5 }] });
    expect(bars.map((b) => b.label)).toEqual(["bo", "amy", "Zed"]);
    expect(bars[2]!.href).toBe("/orgs/My%20Org/grants?owner=zed");
  });

  it("the trend has one point per day, carrying the last count forward and nothing before the first sync", () => {
    const points = [
      { at: new Date("2026-06-12T08:00:00Z"), activeGrants: 10 },
      { at: new Date("2026-06-12T20:00:00Z"), activeGrants: 12 },
      { at: new Date("2026-06-14T09:00:00Z"), activeGrants: 11 },
    ];
    expect(shapeTrend({ points, now, days: 5 })).toEqual([
      { date: "2026-06-11", activeGrants: null },
      { date: "2026-06-12", activeGrants: 12 },
      { date: "2026-06-13", activeGrants: 12 },
      { date: "2026-06-14", activeGrants: 11 },
      { date: "2026-06-15", activeGrants: 11 },
    ]);
    expect(shapeTrend({ points: [], now, days: 2, before: 7 }).map((p) => p.activeGrants)).toEqual([7, 7]);
  });

  it("the trend shows an empty state until two days have a count, instead of a lone dot", () => {
    const sync = (iso: string, activeGrants: number) => ({ at: new Date(iso), activeGrants });
    const none = shapeTrend({ points: [], now, days: 30 });
    expect(trendEmptyState(none)).toMatch(/^No successful sync in the last 30 days\. The line appears after syncs on 2 different days\.$/);
    const today = shapeTrend({ points: [sync("2026-06-15T08:00:00Z", 10), sync("2026-06-15T09:00:00Z", 11)], now, days: 30 });
    expect(today.filter((p) => p.activeGrants !== null)).toHaveLength(1);
    expect(trendEmptyState(today)).toMatch(/^Not enough history yet: syncs on one day so far\. The line appears after syncs on 2 different days\.$/);
    const twoDays = shapeTrend({ points: [sync("2026-06-14T08:00:00Z", 10), sync("2026-06-15T08:00:00Z", 11)], now, days: 30 });
    expect(trendEmptyState(twoDays)).toBeNull();
    // An earlier sync carried into the window is history too: a flat line over 30 days.
    expect(trendEmptyState(shapeTrend({ points: [], now, days: 30, before: 9 }))).toBeNull();
  });

  it("builds plain table links", () => {
    expect(grantsHref({ org: "acme" })).toBe("/orgs/acme/grants");
  });
});

describe("org cards", () => {
  it("derives one status, GitHub's state first", () => {
    expect(orgStatus({ installationId: 1, installationStatus: "active", syncPaused: false })).toBe("active");
    expect(orgStatus({ installationId: 1, installationStatus: "active", syncPaused: true })).toBe("paused");
    expect(orgStatus({ installationId: 1, installationStatus: "suspended", syncPaused: false })).toBe("suspended");
    expect(orgStatus({ installationId: 1, installationStatus: "uninstalled", syncPaused: true })).toBe("uninstalled");
    expect(orgStatus({ installationId: null, installationStatus: null, syncPaused: false })).toBe("uninstalled");
  });

  it("checks granted permissions against what patwarden needs (admin satisfies write)", () => {
    const checks = checkPermissions({ organization_personal_access_tokens: "read", organization_personal_access_token_requests: "admin" });
    expect(checks.map((c) => [c.name, c.granted, c.ok])).toEqual([
      ["organization_personal_access_tokens", "read", false],
      ["organization_personal_access_token_requests", "admin", true],
      ["members", null, false],
      ["issues", null, false],
      ["contents", null, false],
      ["organization_administration", null, false],
    ]);
    expect(checks.every((c) => c.breaks.length > 20)).toBe(true);
  });

  it("needs exactly the permissions app.yml asks for", () => {
    const yml = readFileSync(new URL("../../app.yml", import.meta.url), "utf8");
    const block = yml.split("default_permissions:")[1]!.split(/\n\S/)[0]!;
    const asked = Object.fromEntries([...block.matchAll(/^\s+([a-z_]+):\s*(read|write|admin)\s*$/gm)].map((m) => [m[1], m[2]]));
    expect(Object.fromEntries(REQUIRED_PERMISSIONS.map((p) => [p.name, p.level]))).toEqual(asked);
  });

  it("formats counts, durations and relative times", () => {
    expect(formatCount(20000)).toBe("20,000");
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(12_340)).toBe("12.3 s");
    expect(formatDuration(125_000)).toBe("2 min 5 s");
    expect(formatRelative({ date: new Date(now.getTime() - 3 * 86_400_000), now })).toBe("3 days ago");
    expect(formatRelative({ date: new Date(now.getTime() + 3_600_000), now })).toBe("in 1 hour");
  });
});
