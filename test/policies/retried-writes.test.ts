// A warning issue or a revoked-tokens comment whose answer is lost (GitHub performs it, the
// client's timeout expires first) is written once: the retry finds it by its hidden marker. The
// simulator's answerDelayMs fault stands in for the slow GitHub; the client times out at 400 ms.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitHubApp } from "../../bot/github/client.ts";
import type { OctokitLike } from "../../bot/github/calls.ts";
import { loadPolicyConfig, runPolicies } from "../../bot/policies/index.ts";
import { startRevokeHarness, type OrgInfo, type RevokeHarness } from "../revoke/harness.ts";
import { putPolicy } from "./harness.ts";

const ORG = "slowco";
let hs: RevokeHarness;
let org: OrgInfo;
let octokit: OctokitLike;

const policy = (mode: "notify" | "revoke") => `notify:
  repository: security-notices
enforcement:
  maxRevocationsPerRun: 1000
  maxRevocationPercent: 100
rules:
  - id: idle-30
    type: idle
    days: 30
    mode: ${mode}
${mode === "revoke" ? "    graceDays: 0\n" : ""}`;
const run = () => runPolicies({ db: hs.h.db, octokit, org, dryRun: false, trigger: "test", actor: "tester", pacingMs: 0 });
const issues = () => hs.sim.control.issues(ORG, "security-notices");
/** How many issues mention each owner at the top ("@login, patwarden found …"). */
const issuesPerOwner = () => {
  const n = new Map<string, number>();
  for (const i of issues()) {
    const owner = /^@([\w-]+),/.exec(i.body ?? "")?.[1];
    if (owner) n.set(owner, (n.get(owner) ?? 0) + 1);
  }
  return n;
};

beforeAll(async () => {
  hs = await startRevokeHarness({ orgs: [{ login: ORG, grants: 40, subsetShare: 0 }] });
  await hs.sync(ORG);
  org = await hs.org(ORG);
  const app = createGitHubApp({ appId: hs.sim.app.id, privateKey: hs.sim.app.privateKey, baseUrl: hs.sim.apiUrl, requestTimeoutMs: 400, retries: 2, retryBaseMs: 10 });
  octokit = app.installationOctokit(org.installationId);
}, 120_000);
afterAll(() => hs?.close());

describe("writes whose answer is lost are not repeated", () => {
  it("warning issue: created once although the first create timed out on the client", async () => {
    await putPolicy(hs.sim, ORG, policy("notify"));
    expect(await loadPolicyConfig({ db: hs.h.db, octokit, org })).toMatchObject({ status: "valid" });
    hs.sim.control.injectFault({ path: "/repos/slowco/security-notices/issues", method: "POST", answerDelayMs: 1_000 });
    const result = await run();
    expect(result.errors).toEqual([]);
    expect(result.status).toBe("succeeded");
    const perOwner = issuesPerOwner();
    expect(perOwner.size).toBeGreaterThan(0);
    expect([...perOwner.values()].every((n) => n === 1)).toBe(true);
    expect(issues()).toHaveLength(perOwner.size);
    // The fault was used: the first create's answer came after the client gave up.
    expect(hs.sim.control.requestLog().filter((e) => e.method === "POST" && e.path.endsWith("/issues")).length).toBe(perOwner.size);
  }, 60_000);

  it("revoked-tokens comment: posted once although the first post timed out on the client", async () => {
    await putPolicy(hs.sim, ORG, policy("revoke"));
    expect(await loadPolicyConfig({ db: hs.h.db, octokit, org })).toMatchObject({ status: "valid" });
    hs.sim.control.injectFault({ path: "/comments", method: "POST", answerDelayMs: 1_000 });
    const result = await run();
    expect(result.errors).toEqual([]);
    expect(result.status).toBe("succeeded");
    const withComments = issues().filter((i) => i.comments_list.length > 0);
    expect(withComments.length).toBeGreaterThan(0);
    for (const i of withComments) expect(i.comments_list.map((c) => c.body?.split("\n")[0])).toEqual([expect.stringMatching(/^patwarden revoked/)]);
  }, 60_000);
});
