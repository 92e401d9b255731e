// The governance filters (lifetime, any-of permissions, all repositories with write, expires after,
// risk) and the risk sort, on factory rows whose answers are known, in PGlite and Postgres alike.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseGrantQuery, type RawGrantQuery } from "../../model/grant-filter.ts";
import type { DbHandle } from "../../db/client.ts";
import { listGrants } from "../../db/queries/grants.ts";
import { insertGrant, insertOrg } from "../app/factories.ts";
import { createTestDb } from "../helpers/db.ts";

const DAY = 86_400_000;
const now = new Date("2025-06-01T12:00:00Z");
const at = (days: number) => new Date(now.getTime() + days * DAY);

let handle: DbHandle;
let orgId: number;
const ids: Record<string, number> = {};

beforeAll(async () => {
  handle = await createTestDb();
  const db = handle.db;
  orgId = (await insertOrg({ db, login: `gov-filters-${Date.now()}` })).id;
  const add = async (key: string, spec: Parameters<typeof insertGrant>[0]["spec"]) => {
    ids[key] = await insertGrant({ db, orgId, now, spec });
  };
  // Granted 400 days ago (the factory's default) unless given.
  await add("longLived", { accessGrantedAt: at(-10), tokenExpiresAt: at(390), riskScore: 40, permissions: { repository: { contents: "read" } }, repositories: ["api"] });
  await add("exactlyYear", { accessGrantedAt: at(-10), tokenExpiresAt: at(355), riskScore: 10, permissions: { repository: { metadata: "read" } }, repositories: ["web"] });
  await add("noExpiry", { expiresInDays: null, riskScore: 90, permissions: { repository: { administration: "write", metadata: "read" } } });
  await add("allRead", { expiresInDays: 30, riskScore: 55, permissions: { repository: { contents: "read" } } });
  await add("allAdminProjects", { expiresInDays: 5, riskScore: 70, permissions: { repository: { repository_projects: "admin" } } });
  await add("orgWrite", { expiresInDays: 60, riskScore: 70, permissions: { organization: { members: "write" } }, repositories: ["api"] });
  await add("subsetWrite", { expiresInDays: 60, riskScore: 20, permissions: { repository: { secrets: "write" } }, repositories: ["api"] });
});
afterAll(() => handle?.close());

async function idsFor(input: RawGrantQuery): Promise<string[]> {
  const q = parseGrantQuery({ input });
  const { rows } = await listGrants({ db: handle.db, orgId, filter: q.filter, sort: q.sort, direction: q.direction, perPage: 500, now });
  const byId = new Map(Object.entries(ids).map(([k, v]) => [v, k]));
  return rows.map((r) => byId.get(r.id)!);
}
const sorted = async (input: RawGrantQuery) => (await idsFor(input)).sort();

describe("governance filters on factory rows", () => {
  it("lifetime-over: expires more than N days after it was granted; never-expiring grants excluded", async () => {
    // longLived: 400 days; exactlyYear: 365 days (not over 365); the default rows: 400 + 5..60 days.
    expect(await sorted({ "lifetime-over": "365" })).toEqual(["allAdminProjects", "allRead", "longLived", "orgWrite", "subsetWrite"]);
    expect(await sorted({ "lifetime-over": "364" })).toContain("exactlyYear");
    expect(await sorted({ "lifetime-over": "455" })).toEqual(["orgWrite", "subsetWrite"]);
  });

  it("permission-any: at least one of them, each at that level or higher", async () => {
    expect(await sorted({ "permission-any": "administration:write,members:read" })).toEqual(["noExpiry", "orgWrite"]);
    expect(await sorted({ "permission-any": ["secrets:read", "repository_projects:write"] })).toEqual(["allAdminProjects", "subsetWrite"]);
    expect(await sorted({ "permission-any": "contents:write" })).toEqual([]);
  });

  it("all-repos-write: all repositories and a repository permission at write or admin", async () => {
    expect(await sorted({ "all-repos-write": true })).toEqual(["allAdminProjects", "noExpiry"]);
    expect(await sorted({ "all-repos-write": "false" })).toHaveLength(7);
  });

  it("expires-after: at or after the instant, never-expiring excluded", async () => {
    expect(await sorted({ "expires-after": at(60).toISOString() })).toEqual(["exactlyYear", "longLived", "orgWrite", "subsetWrite"]);
    expect(await sorted({ "expires-after": at(61).toISOString() })).toEqual(["exactlyYear", "longLived"]);
  });

  it("risk-min: score at least N", async () => {
    expect(await sorted({ "risk-min": "70" })).toEqual(["allAdminProjects", "noExpiry", "orgWrite"]);
    expect(await sorted({ "risk-min": "0" })).toHaveLength(7);
    expect(await sorted({ "risk-min": "100" })).toEqual([]);
  });

  it("combines with the other filters (AND)", async () => {
    expect(await sorted({ "risk-min": "50", selection: "subset" })).toEqual(["orgWrite"]);
  });

  it("sort risk: riskiest first by default, ties by id; ascending when asked", async () => {
    const desc = await idsFor({ sort: "risk" });
    expect(desc).toEqual(["noExpiry", ...[ids.orgWrite!, ids.allAdminProjects!].sort((a, b) => b - a).map((id) => Object.keys(ids).find((k) => ids[k] === id)!), "allRead", "longLived", "subsetWrite", "exactlyYear"]);
    expect(await idsFor({ sort: "risk", direction: "asc" })).toEqual([...desc].reverse());
  });
});
