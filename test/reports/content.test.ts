// The done-when: every finding agrees with `patwarden grants` for the category's filter,
// and with the simulator's ground truth computed independently at the same moment.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listGrants } from "../../db/queries/grants.ts";
import { buildReport } from "../../bot/reports/build-report.ts";
import { categoryQueries, categorySpecs, parseCategoryQuery } from "../../bot/reports/categories.ts";
import { collectCategory } from "../../bot/reports/collect-findings.ts";
import { FINDING_CATEGORIES, type ReportDocument } from "../../bot/reports/document.ts";
import { DEFAULT_POLICY_CONFIG, policyConfigSchema } from "../../bot/policies/config.ts";
import { renderReport } from "../../bot/reports/render.ts";
import { parseCsv } from "./parse-csv.ts";
import { ajv, validateReport } from "./schema.ts";
import { expectedCategory, startHarness, syncFull, type Harness } from "./harness.ts";

let hs: Harness;
let org: { id: number; login: string };
let now: Date;
let doc: ReportDocument;

beforeAll(async () => {
  hs = await startHarness({ sim: { orgs: [{ login: "acme", grants: 300, requests: 4 }] } });
  await syncFull(hs, "acme");
  const ref = await hs.orgRef("acme");
  org = { id: ref.id, login: ref.login };
  now = new Date();
  doc = await buildReport({ db: hs.h.db, org, now, config: DEFAULT_POLICY_CONFIG, previous: null });
}, 120_000);
afterAll(() => hs?.close());

const idsOf = (category: string) => doc.findings.filter((f) => f.category === category).map((f) => f.grantId).sort((a, b) => a - b);

describe("report content", () => {
  it.each(FINDING_CATEGORIES)("%s matches the simulator's ground truth", (category) => {
    const expected = expectedCategory({ truth: hs.sim.control.org("acme"), category, t: doc.thresholds, now });
    expect(idsOf(category)).toEqual(expected);
    expect(doc.summary.findings[category]).toBe(expected.length);
  });

  it("every category has findings in the seeded org (so the comparisons above mean something)", () => {
    for (const c of FINDING_CATEGORIES) expect(doc.summary.findings[c], c).toBeGreaterThan(0);
  });

  it.each(FINDING_CATEGORIES)("%s agrees with listGrants for each finding's filter", async (category) => {
    const queries = categoryQueries(doc.thresholds).find((q) => q.category === category)!.queries;
    const union = new Set<number>();
    for (const query of queries) {
      const { rows } = await listGrants({ db: hs.h.db, orgId: org.id, filter: parseCategoryQuery(query), perPage: 10_000, now });
      const ids = new Set(rows.map((g) => g.id));
      for (const f of doc.findings.filter((x) => x.category === category && x.filter === query)) expect(ids.has(f.grantId)).toBe(true);
      for (const id of ids) union.add(id);
    }
    expect(idsOf(category)).toEqual([...union].sort((a, b) => a - b));
  });

  it("summarises the inventory and carries the thresholds and period", () => {
    const truth = hs.sim.control.org("acme");
    expect(doc.summary.activeGrants).toBe(truth.grants.length);
    expect(doc.summary.pendingRequests).toBe(truth.requests.length);
    expect(doc.summary.grantsWithFindings).toBe(new Set(doc.findings.map((f) => f.grantId)).size);
    expect(doc.period).toEqual({ start: null, end: now.toISOString() });
    expect(doc.changes).toBeNull();
    expect(doc.thresholds).toMatchObject({ staleDays: 90, expiringDays: 14, longExpiryDays: 366 });
    const f = doc.findings.find((x) => x.category === "stale")!;
    const g = truth.grants.find((x) => x.id === f.grantId)!;
    expect(f).toMatchObject({ tokenId: g.token_id, tokenName: g.token_name, owner: g.owner.login, repositorySelection: g.repository_selection, grantedAt: new Date(g.access_granted_at).toISOString(), filter: "stale-days=90" });
  });

  it("renders: the JSON validates against the published schema, the CSV has one row per finding", () => {
    const json = JSON.parse(renderReport(doc, "json"));
    expect(validateReport(json), ajv.errorsText(validateReport.errors)).toBe(true);
    const rows = parseCsv(renderReport(doc, "csv"));
    expect(rows.map((r) => `${r.category}:${r.grant_id}:${r.filter}`)).toEqual(doc.findings.map((f) => `${f.category}:${f.grantId}:${f.filter}`));
  });

  it("reading in small pages gives the same findings (the bounded chunks lose and repeat nothing)", async () => {
    for (const spec of categorySpecs(doc.thresholds)) {
      const { findings } = await collectCategory({ db: hs.h.db, orgId: org.id, spec, now, pageSize: 7 });
      expect(findings, spec.category).toEqual(doc.findings.filter((f) => f.category === spec.category));
    }
  });

  it("uses the config's thresholds and forbidden permissions", async () => {
    const config = policyConfigSchema.parse({
      rules: [{ id: "no-contents", type: "forbidden_permissions", permissions: ["contents:write"] }],
      reports: { staleDays: 30, expiringDays: 60, longExpiryDays: 100 },
    });
    const other = await buildReport({ db: hs.h.db, org, now, config, previous: null });
    const truth = hs.sim.control.org("acme");
    expect(other.thresholds.forbiddenPermissions).toEqual(["contents:write"]);
    for (const category of ["stale", "expiring", "long_expiry", "over_privileged"] as const) {
      const got = other.findings.filter((f) => f.category === category).map((f) => f.grantId).sort((a, b) => a - b);
      expect(got, category).toEqual(expectedCategory({ truth, category, t: other.thresholds, now }));
    }
    expect(other.categories.find((c) => c.category === "over_privileged")!.filters).toEqual(["permission-any=contents:write", "all-repos-write=true"]);
  });
});
