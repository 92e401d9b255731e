// Guardrails against the simulator: the per-run cap (the rest skipped "cap"), grants already gone
// at GitHub under both bulk-revoke behaviours, the stop switch, an invalid file (run skipped), a
// GitHub outage while loading (stored state kept), and the notify webhook (sent; failure recorded).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEffectivePolicy, loadPolicyConfig, runPolicies, type PolicyRunResult } from "../../bot/policies/index.ts";
import type { OctokitLike } from "../../bot/github/calls.ts";
import { startRevokeHarness, type OrgInfo, type RevokeHarness } from "../revoke/harness.ts";
import { idleIds, putPolicy, sorted } from "./harness.ts";

const ORG = "capco";
let hs: RevokeHarness;
let org: OrgInfo;
let octokit: OctokitLike;
let matching: number[];
const posted: { url: string; body: { text: string; org: string; warnings: { grantId: number; action: string }[] } }[] = [];
const captureFetch = (async (url: string | URL | Request, init?: RequestInit) => {
  posted.push({ url: String(url), body: JSON.parse(String(init?.body)) });
  return new Response("ok");
}) as typeof fetch;
const failingFetch = (async () => { throw new Error("connect ECONNREFUSED"); }) as typeof fetch;

const policy = ({ stop = false } = {}) => `notify:
  repository: security-notices
  webhookUrl: https://hooks.example.test/patwarden
enforcement:
  stop: ${stop}
  maxRevocationsPerRun: 3
  maxRevocationPercent: 100
rules:
  - id: idle-30
    type: idle
    days: 30
    mode: revoke
    graceDays: 0
`;
const run = (fetchImpl: typeof fetch): Promise<PolicyRunResult> =>
  runPolicies({ db: hs.h.db, octokit, org, dryRun: false, trigger: "test", actor: "tester", fetchImpl, pacingMs: 0 });
const simIds = () => new Set(hs.sim.control.org(ORG).grants.map((g) => g.id));
const outcomes = (r: PolicyRunResult, outcome: string) => sorted(r.items.filter((i) => i.outcome === outcome).map((i) => i.grantId));

beforeAll(async () => {
  hs = await startRevokeHarness({ orgs: [{ login: ORG, grants: 70, subsetShare: 0 }] });
  await hs.sync(ORG);
  org = await hs.org(ORG);
  octokit = (await hs.recording(ORG)).octokit;
  matching = idleIds({ sim: hs.sim, org: ORG, days: 30, at: new Date(hs.sim.control.clock().now) });
  await putPolicy(hs.sim, ORG, policy());
  expect(await loadPolicyConfig({ db: hs.h.db, octokit, org })).toMatchObject({ status: "valid" });
}, 180_000);
afterAll(() => hs?.close());

describe("policy guardrails", () => {
  it("revokes at most the cap (oldest warnings first), skips the rest naming the cap; a grant gone at GitHub counts (reject)", async () => {
    expect(matching.length).toBeGreaterThan(6);
    hs.sim.control.setBehaviour({ bulkRevokeUnknown: "reject" });
    hs.sim.control.revokeGrant(ORG, matching[0]!); // revoked elsewhere; the inventory does not know yet
    const before = simIds();
    const result = await run(captureFetch);
    expect(result.status).toBe("succeeded");
    expect(outcomes(result, "revoked")).toEqual(matching.slice(0, 3));
    expect(result.items.find((i) => i.grantId === matching[0])!.detail).toMatch(/already gone at GitHub/);
    expect(outcomes(result, "skipped")).toEqual(matching.slice(3));
    for (const i of result.items.filter((x) => x.outcome === "skipped")) expect(i.detail).toMatch(/^cap: at most 3 revocations per run/);
    const after = simIds();
    expect(sorted([...before].filter((id) => !after.has(id)))).toEqual(matching.slice(1, 3));
    // One webhook message: every owner warned, and the revocations.
    expect(posted).toHaveLength(1);
    expect(posted[0]!.body.text).toMatch(/^patwarden policy in capco: warned \d+ owners? about \d+ tokens?, revoked 2 tokens$/m);
    expect(posted[0]!.body.warnings.filter((w) => w.action === "revoked").map((w) => w.grantId).sort()).toEqual(matching.slice(1, 3));
  });

  it("the next run continues with the next three; a gone grant is settled under 'partial' too; a failing webhook is recorded, not fatal", async () => {
    hs.sim.control.setBehaviour({ bulkRevokeUnknown: "partial" });
    hs.sim.control.revokeGrant(ORG, matching[3]!);
    const before = simIds();
    const result = await run(failingFetch);
    expect(result.status).toBe("succeeded");
    expect(outcomes(result, "revoked")).toEqual(matching.slice(3, 6));
    const after = simIds();
    expect(sorted([...before].filter((id) => !after.has(id)))).toEqual(matching.slice(4, 6));
    expect(result.errors.join("\n")).toMatch(/notify\.webhookUrl: connect ECONNREFUSED/);
    hs.sim.control.setBehaviour({ bulkRevokeUnknown: "reject" });
  });

  it("the stop switch: nothing notified or revoked, every match skipped 'stop switch'", async () => {
    await putPolicy(hs.sim, ORG, policy({ stop: true }));
    await loadPolicyConfig({ db: hs.h.db, octokit, org });
    const before = simIds();
    const issues = hs.sim.control.issues(ORG, "security-notices").map((i) => [i.number, i.updated_at]);
    posted.length = 0;
    const result = await run(captureFetch);
    expect(result.items.length).toBeGreaterThan(0);
    expect(result.items.every((i) => i.outcome === "skipped" && i.detail.startsWith("stop switch: "))).toBe(true);
    expect(simIds()).toEqual(before);
    expect(hs.sim.control.issues(ORG, "security-notices").map((i) => [i.number, i.updated_at])).toEqual(issues);
    expect(posted).toEqual([]);
  });

  it("an invalid file is stored with its errors and the run is skipped; an outage while loading keeps it", async () => {
    await putPolicy(hs.sim, ORG, policy().replace("days: 30", "days: thirty"));
    const loaded = await loadPolicyConfig({ db: hs.h.db, octokit, org });
    expect(loaded.status).toBe("invalid");
    expect(loaded.errors[0]).toMatchObject({ field: "rules[0].days", line: 11 });
    const before = simIds();
    const result = await run(captureFetch);
    expect(result).toMatchObject({ status: "skipped", items: [] });
    expect(result.skippedReason).toMatch(/^policy file invalid: line 11 rules\[0\]\.days: /);
    expect(simIds()).toEqual(before);

    hs.sim.control.injectFault({ path: "/contents/", status: 502, count: -1 });
    try {
      await expect(loadPolicyConfig({ db: hs.h.db, octokit, org })).rejects.toThrow(/502/);
    } finally {
      hs.sim.control.clearFaults();
    }
    expect(await getEffectivePolicy({ db: hs.h.db, orgId: org.id })).toMatchObject({ status: "invalid", sha: loaded.sha });
  });
});
