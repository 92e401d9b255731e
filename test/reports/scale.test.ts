// A large org (10,000 grants, inserted directly): the report reads every category in bounded
// pages and its counts equal the shared filter's counts; the stored document round-trips.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.ts";
import { countGrants } from "../../db/queries/grants.ts";
import { getReport } from "../../db/queries/reports.ts";
import { grants, type NewGrant } from "../../db/schema.ts";
import { type PermissionMaps } from "../../model/statuses.ts";
import { permissionTokens } from "../../model/permissions.ts";
import { DEFAULT_POLICY_CONFIG } from "../../bot/policies/config.ts";
import { categorySpecs } from "../../bot/reports/categories.ts";
import { generateReport, readDocument } from "../../bot/reports/index.ts";
import { insertOrg } from "../app/factories.ts";
import { createTestDb } from "../helpers/db.ts";
import { DAY } from "./harness.ts";

const N = 10_000;
let h: DbHandle;
let org: { id: number; login: string };
const now = new Date("2026-06-01T00:00:00Z");

beforeAll(async () => {
  h = await createTestDb();
  org = await insertOrg({ db: h.db, login: `scale-${Date.now()}` });
  const PERMS: PermissionMaps[] = [{ repository: { metadata: "read", contents: "write" } }, { organization: { administration: "write" } }, { repository: { metadata: "read" } }];
  for (let start = 0; start < N; start += 1_000) {
    const rows: NewGrant[] = [];
    for (let i = start; i < start + 1_000; i++) {
      const permissions = PERMS[i % 3]!;
      rows.push({
        orgId: org.id, id: 1_000_000 + i, tokenId: 5_000_000 + i, tokenName: `t${i}`, ownerId: i % 97, ownerLogin: `u${i % 97}`,
        ownerIsMember: i % 23 !== 0, repositorySelection: i % 5 === 0 ? "all" : "none", repositoriesUrl: "https://example.test/r",
        permissions, permissionTokens: permissionTokens(permissions), accessGrantedAt: new Date(now.getTime() - (i % 700) * DAY), tokenExpired: false,
        tokenLastUsedAt: i % 10 === 0 ? null : new Date(now.getTime() - (i % 200) * DAY),
        tokenExpiresAt: i % 4 === 0 ? null : new Date(now.getTime() + ((i % 400) - 20) * DAY),
      });
    }
    await h.db.insert(grants).values(rows);
  }
}, 120_000);
afterAll(() => h?.close());

it("covers every matching grant of a 10,000-grant org, in bounded pages", async () => {
  const { report } = await generateReport({ db: h.db, org, now, trigger: "test", requestedBy: "test", deliver: false, config: DEFAULT_POLICY_CONFIG });
  const doc = readDocument(await getReport({ db: h.db, orgId: org.id, id: report.id }))!;
  expect(doc.summary.activeGrants).toBe(N);
  for (const spec of categorySpecs(doc.thresholds)) {
    const [first] = spec.filters;
    const expected = spec.filters.length === 1 ? await countGrants({ db: h.db, orgId: org.id, filter: first!.filter, now }) : undefined;
    if (expected !== undefined) expect(doc.summary.findings[spec.category], spec.category).toBe(expected);
    expect(doc.summary.findings[spec.category], spec.category).toBeGreaterThan(0);
  }
  // over_privileged is two filters; a grant matching both appears once.
  const over = doc.findings.filter((f) => f.category === "over_privileged");
  expect(new Set(over.map((f) => f.grantId)).size).toBe(over.length);
  let expectedOver = 0;
  for (let i = 0; i < N; i++) if (i % 3 === 1 || (i % 3 === 0 && i % 5 === 0)) expectedOver++;
  expect(over.length).toBe(expectedOver);
}, 180_000);
