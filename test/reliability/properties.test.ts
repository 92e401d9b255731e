// Property-based checks of the two parsers that take untrusted text: the grant filter (URLs, CLI
// flags) and the policy file (anyone who can push to the org's .github repository).
// Checked failing: with grantConditions' org condition dropped (db/queries/grants.ts) the
// "never another org's grant" property fails on its first run (run); with parsePolicyConfig's
// toJS try/catch removed, the alias bomb LAUGHS throws out of the parser (run).
import fc from "fast-check";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseGrantQuery, GRANT_QUERY_KEYS, type RawGrantQuery } from "../../model/grant-filter.ts";
import { parsePolicyConfig, policyConfigSchema } from "../../bot/policies/config.ts";
import type { DbHandle } from "../../db/client.ts";
import { listGrants } from "../../db/queries/grants.ts";
import { insertGrant, insertOrg, type GrantSpec } from "../app/factories.ts";
import { createTestDb } from "../helpers/db.ts";

const now = new Date("2030-06-01T00:00:00Z");
let h: DbHandle;
let orgA: number;
let orgB: number;

beforeAll(async () => {
  h = await createTestDb();
  orgA = (await insertOrg({ db: h.db, login: "prop-a" })).id;
  orgB = (await insertOrg({ db: h.db, login: "prop-b" })).id;
  // The same owners, names and shapes in both orgs, so a filter that forgot the org would match B's rows too.
  for (const orgId of [orgA, orgB]) {
    const specs: GrantSpec[] = [
      { ownerLogin: "alice", lastUsedDaysAgo: 200, permissions: { repository: { contents: "write" } } },
      { ownerLogin: "bob", lastUsedDaysAgo: null, expiresInDays: 5 },
      { ownerLogin: "carol", lastUsedDaysAgo: 1, expiresInDays: -3, tokenExpired: true },
      { ownerLogin: "alice", repositories: ["api", "web"], permissions: { organization: { members: "read" }, repository: { issues: "admin" } } },
      { ownerLogin: "dave", removedAt: new Date(now.getTime() - 86_400_000), riskScore: 80 },
    ];
    for (const [i, spec] of specs.entries()) await insertGrant({ db: h.db, orgId, now, spec: { tokenName: `shared-${i}`, ...spec } });
  }
});
afterAll(async () => {
  await h?.close();
});

// Values that are sometimes valid and often not: numbers out of range, dates in other forms, unknown permissions.
const value = fc.oneof(
  fc.constantFrom("", " ", "0", "1", "-1", "30", "101", "501", "1e3", "0x10", "NaN", "true", "false", "yes", "2025-01-01",
    "2025-13-40", "01/02/2025", "2025-01-01T00:00:00Z", "contents:write", "contents", "members:read", "nope:admin",
    "issues:admin", "all", "subset", "none", "removed", "active", "risk", "asc", "sideways", "alice", "ALICE", "web", "'; drop table grants; --", "%", "_", "\\"),
  fc.string({ maxLength: 20 }),
  fc.boolean(),
);
const rawQuery: fc.Arbitrary<RawGrantQuery> = fc.dictionary(
  fc.oneof(fc.constantFrom(...GRANT_QUERY_KEYS), fc.string({ maxLength: 8 })),
  fc.oneof(value, fc.array(value, { maxLength: 3 })),
  { maxKeys: 5 },
);

function parseOrRefuse(input: RawGrantQuery, strict: boolean) {
  try {
    return parseGrantQuery({ input, strict });
  } catch (error) {
    expect((error as { kind?: string }).kind, String(error)).toBe("InvalidInput");
    expect((error as { field?: string }).field ?? (error as Error).message).toBeTruthy();
    return null;
  }
}

describe("grant filter parser", () => {
  it("never throws anything but InvalidInput", () => {
    fc.assert(fc.property(rawQuery, fc.boolean(), (input, strict) => void parseOrRefuse(input, strict)), { numRuns: 2000 });
  });

  it("never returns another org's grant", async () => {
    let parsedCount = 0;
    let rowCount = 0;
    await fc.assert(fc.asyncProperty(rawQuery, async (input) => {
      const q = parseOrRefuse(input, false);
      if (!q) return;
      parsedCount++;
      const { rows } = await listGrants({ db: h.db, orgId: orgA, filter: q.filter, sort: q.sort, direction: q.direction, page: q.page, perPage: q.perPage, now });
      rowCount += rows.length;
      for (const r of rows) expect(r.orgId).toBe(orgA);
    }), { numRuns: 150 });
    // The property must have exercised the query, not only the refusals.
    expect(parsedCount).toBeGreaterThan(30);
    expect(rowCount).toBeGreaterThan(0);
  });
});

/** A "billion laughs" alias bomb: each level repeats the previous ten times. */
const LAUGHS = ["a: &a [1,1,1,1,1,1,1,1,1,1]", ..."bcdef".split("").map((k, i) => `${k}: &${k} [${Array(10).fill(`*${"abcdef"[i]}`).join(",")}]`)].join("\n");

describe("policy file parser", () => {
  const rule = fc.record({
    id: fc.oneof(fc.constantFrom("stale", "no-expiry", "dup"), fc.string({ maxLength: 6 })),
    type: fc.constantFrom("idle", "never_used", "lifetime", "forbidden_permissions", "all_repositories_write", "owner_left", "bogus"),
    maxDays: fc.integer({ min: -1, max: 40000 }),
    mode: fc.constantFrom("report", "warn", "revoke", "explode"),
    days: fc.oneof(fc.integer({ min: -5, max: 40000 }), fc.string({ maxLength: 3 })),
    permissions: fc.array(fc.constantFrom("contents:write", "nope:read", "members", 7), { maxLength: 2 }),
  }, { requiredKeys: ["id", "type"] });
  const configish = fc.record({
    enforcement: fc.record({ stop: fc.oneof(fc.boolean(), fc.string({ maxLength: 3 })), maxRevocationsPerRun: fc.integer({ min: -10, max: 200000 }) }, { requiredKeys: [] }),
    notify: fc.record({ repository: fc.constantFrom("ops", "bad/name", ""), webhookUrl: fc.constantFrom("https://hooks.test/x", "javascript:alert(1)", "ftp://x") }, { requiredKeys: [] }),
    rules: fc.array(rule, { maxLength: 4 }),
    reports: fc.record({ schedule: fc.constantFrom("weekly", "hourly"), staleDays: fc.integer({ min: -1, max: 99999 }) }, { requiredKeys: [] }),
    extra: fc.anything(),
  }, { requiredKeys: [] });
  const source = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.anything().map((v) => String(stringify(v) ?? "")),
    configish.map((v) => String(stringify(v) ?? "")),
    fc.constantFrom(LAUGHS, "a: &a [*a, *a]\nb: *a\n", "rules:\n  - id: x\n    id: y\n", "\t- bad indent", "rules: [", "? complex\n: key", "%YAML 9.9\n---\na: 1", "x: !!binary AAAA"),
  );

  it("never throws; errors name a field and say what is wrong; a valid result satisfies the schema", () => {
    let valid = 0;
    fc.assert(fc.property(source, (text) => {
      const parsed = parsePolicyConfig(text);
      if (parsed.ok) {
        valid++;
        expect(policyConfigSchema.safeParse(parsed.config).success).toBe(true);
      } else {
        expect(parsed.errors.length).toBeGreaterThan(0);
        for (const e of parsed.errors) {
          expect(typeof e.field === "string" && e.field.length > 0, JSON.stringify(e)).toBe(true);
          expect(typeof e.message === "string" && e.message.length > 0, JSON.stringify(e)).toBe(true);
          expect(e.line === null || (Number.isInteger(e.line) && e.line >= 1), JSON.stringify(e)).toBe(true);
        }
      }
    }), { numRuns: 1500 });
    expect(valid).toBeGreaterThan(10);
    expect(parsePolicyConfig(LAUGHS)).toMatchObject({ ok: false, errors: [{ field: "(yaml)" }] });
  });
});
