// The issue's scenario end to end against the simulator: an idle rule in revoke mode with a 7-day
// grace period warns owners at once (one issue each), revokes nothing during the grace period,
// and after it revokes exactly the grants that still match; a grant used meanwhile is spared.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "../../db/queries/audit.ts";
import { listGrantEvents } from "../../db/queries/grant-events.ts";
import { listPolicyRuns } from "../../db/queries/policy-runs.ts";
import { listPolicyWarnings } from "../../db/queries/policy-warnings.ts";
import { handlePush } from "../../bot/handlers/push.ts";
import type { HandlerArgs } from "../../bot/handlers/route.ts";
import { loadPolicyConfig, runPolicies, type PolicyRunResult } from "../../bot/policies/index.ts";
import type { OctokitLike } from "../../bot/github/calls.ts";
import { testEngine } from "../helpers/engine.ts";
import { startWebhookReceiver } from "../helpers/sim.ts";
import { startRevokeHarness, type OrgInfo, type RevokeHarness } from "../revoke/harness.ts";
import { DAY, idleIds, idsInBody, ownersOf, putPolicy, sorted } from "./harness.ts";

const ORG = "polco";
let hs: RevokeHarness;
let org: OrgInfo;
let octokit: OctokitLike;
let t0: Date;
let excepted: string;
let expected: number[];

const policy = (exceptUntil: string) => `notify:
  repository: security-notices
enforcement:
  maxRevocationsPerRun: 1000
  maxRevocationPercent: 100
rules:
  - id: idle-30
    type: idle
    days: 30
    mode: revoke
    graceDays: 7
    exceptions:
      - owner: ${excepted}
        reason: on parental leave
        until: ${exceptUntil}
`;
const run = (days: number, dryRun = false): Promise<PolicyRunResult> =>
  runPolicies({ db: hs.h.db, octokit, org, now: new Date(t0.getTime() + days * DAY), dryRun, trigger: "test", actor: "tester", pacingMs: 0 });
const issues = () => hs.sim.control.issues(ORG, "security-notices");
const byOutcome = (r: PolicyRunResult, outcome: string) => sorted(r.items.filter((i) => i.outcome === outcome).map((i) => i.grantId));

beforeAll(async () => {
  hs = await startRevokeHarness({ orgs: [{ login: ORG, grants: 90, subsetShare: 0 }] });
  await hs.sync(ORG);
  org = await hs.org(ORG);
  octokit = (await hs.recording(ORG)).octokit;
  t0 = new Date(hs.sim.control.clock().now);
  // Except one owner of a matching grant until 5 days from now: excepted at first, warned after day 5.
  const all = idleIds({ sim: hs.sim, org: ORG, days: 30, at: t0 });
  excepted = [...ownersOf(hs.sim, ORG, all).keys()][0]!;
  expected = idleIds({ sim: hs.sim, org: ORG, days: 30, at: t0, exceptOwners: [excepted] });
}, 180_000);
afterAll(() => hs?.close());

describe("idle rule in revoke mode with a 7-day grace period", () => {
  it("loads the policy file after a push to .github/patwarden.yml", async () => {
    const receiver = await startWebhookReceiver();
    try {
      hs.sim.control.setWebhookUrl(receiver.url);
      await putPolicy(hs.sim, ORG, policy(new Date(t0.getTime() + 5 * DAY).toISOString().slice(0, 10)));
      const push = receiver.received.find((r) => r.headers["x-github-event"] === "push")!;
      const noop = () => {};
      const log = { info: noop, warn: noop, error: noop, debug: noop } as unknown as HandlerArgs<"push">["log"];
      const outcome = await handlePush({
        octokit: octokit as unknown as HandlerArgs<"push">["octokit"], payload: push.json as HandlerArgs<"push">["payload"],
        log, engine: testEngine({ db: hs.h.db }), jobs: {} as HandlerArgs<"push">["jobs"], deliveryId: "d1",
      });
      expect(outcome).toBe("processed");
    } finally {
      hs.sim.control.setWebhookUrl(null);
      await receiver.close();
    }
    const loaded = await loadPolicyConfig({ db: hs.h.db, octokit, org });
    expect(loaded).toMatchObject({ status: "valid", errors: [] });
    expect(loaded.config.rules[0]).toMatchObject({ id: "idle-30", mode: "revoke", graceDays: 7 });
    expect(expected.length).toBeGreaterThan(3);
  });

  it("a dry run shows the plan and writes nothing but its run", async () => {
    const before = hs.sim.control.org(ORG).grants.length;
    const dry = await run(0, true);
    expect(byOutcome(dry, "notified")).toEqual(expected);
    expect(byOutcome(dry, "revoked")).toEqual([]);
    expect(await listPolicyWarnings({ db: hs.h.db, orgId: org.id })).toEqual([]);
    expect(issues()).toEqual([]);
    expect(hs.sim.control.org(ORG).grants.length).toBe(before);
    expect((await listPolicyRuns({ db: hs.h.db, orgId: org.id }))[0]).toMatchObject({ id: dry.runId, dryRun: true, status: "succeeded" });
  });

  it("the first run warns every owner in one issue listing exactly their matching tokens, and revokes nothing", async () => {
    const before = hs.sim.control.org(ORG).grants.length;
    const first = await run(0);
    expect(first.status).toBe("succeeded");
    expect(byOutcome(first, "notified")).toEqual(expected);
    expect(first.items.filter((i) => i.outcome === "excepted").every((i) => i.ownerLogin === excepted)).toBe(true);
    expect(hs.sim.control.org(ORG).grants.length).toBe(before);
    const owners = ownersOf(hs.sim, ORG, expected);
    const list = issues();
    expect(list).toHaveLength(owners.size);
    for (const [owner, ids] of owners) {
      const issue = list.find((i) => i.body?.startsWith(`@${owner},`));
      expect(issue, owner).toBeDefined();
      expect(issue!.title).toBe(`patwarden: your personal access tokens in ${ORG} will be revoked`);
      expect(idsInBody(issue!.body!)).toEqual(sorted(ids));
    }
    const events = await listGrantEvents({ db: hs.h.db, orgId: org.id, grantId: expected[0]! });
    expect(events.map((e) => e.kind)).toContain("warned");
  });

  it("three days later: nothing revoked, no owner gets a second issue", async () => {
    const before = hs.sim.control.org(ORG).grants.length;
    const firstIssues = issues().map((i) => i.number);
    const warnedBefore = new Set(ownersOf(hs.sim, ORG, expected).keys());
    const later = await run(3);
    expect(byOutcome(later, "revoked")).toEqual([]);
    expect(later.items.find((i) => i.grantId === expected[0])!.detail).toMatch(/^grace period: revocation after /);
    expect(hs.sim.control.org(ORG).grants.length).toBe(before);
    // Grants that crossed 30 idle days since are warned now; only their owners (if new) get an issue.
    const newOwners = new Set(later.items.filter((i) => i.outcome === "notified" && !warnedBefore.has(i.ownerLogin) && i.ownerLogin !== excepted).map((i) => i.ownerLogin));
    expect(later.summary!.notices.created).toBe(newOwners.size);
    const mentioned = issues().map((i) => /^@([\w-]+),/.exec(i.body ?? "")![1]!);
    expect(new Set(mentioned).size).toBe(mentioned.length);
    expect(issues().map((i) => i.number).slice(0, firstIssues.length)).toEqual(firstIssues);
  });

  it("after the grace period, revokes exactly the grants that still match; the one used meanwhile is spared", async () => {
    // An owner with a single matching grant uses it: their warning resolves and their issue closes.
    const owners = ownersOf(hs.sim, ORG, expected);
    const [usedOwner, [usedId]] = [...owners].find(([, ids]) => ids.length === 1)!;
    hs.sim.control.updateGrant(ORG, usedId!, { token_last_used_at: t0.toISOString() });
    await hs.sync(ORG);
    const at8 = new Date(t0.getTime() + 8 * DAY);
    const stillMatching = new Set(idleIds({ sim: hs.sim, org: ORG, days: 30, at: at8 }));
    const due = expected.filter((id) => stillMatching.has(id));
    const before = new Set(hs.sim.control.org(ORG).grants.map((g) => g.id));

    const last = await run(8);
    expect(last.status).toBe("succeeded");
    expect(byOutcome(last, "revoked")).toEqual(due);
    const after = new Set(hs.sim.control.org(ORG).grants.map((g) => g.id));
    expect(sorted([...before].filter((id) => !after.has(id)))).toEqual(due);
    expect(after.has(usedId!)).toBe(true);

    const warnings = await listPolicyWarnings({ db: hs.h.db, orgId: org.id });
    expect(warnings.find((w) => w.grantId === usedId)).toMatchObject({ status: "resolved" });
    expect(sorted(warnings.filter((w) => w.status === "revoked").map((w) => w.grantId))).toEqual(due);
    const usedIssue = issues().find((i) => i.body?.startsWith(`@${usedOwner},`))!;
    expect(usedIssue.state).toBe("closed");
    // The exception ended on day 5: the excepted owner's grants are warned now, not revoked.
    expect(last.items.filter((i) => i.ownerLogin === excepted).map((i) => i.outcome).every((o) => o === "notified")).toBe(true);

    const audit = await listAudit({ db: hs.h.db, orgId: org.id, filter: { action: "grant.revoke", limit: 1000 } });
    expect(audit).toHaveLength(due.length);
    for (const e of audit) expect(e.reason).toMatch(/^policy idle-30: not used for more than 30 days/);
    expect((await listPolicyRuns({ db: hs.h.db, orgId: org.id }))[0]).toMatchObject({ id: last.runId, revocationJobId: last.revocationJobId });
  });
});
