// Request auto-review end to end: the simulator creates a request and delivers the `created`
// webhook to the real server; the stored policy's request rules deny, approve, or leave it pending.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { policyConfigSchema } from "../../bot/policies/config.ts";
import { listAudit } from "../../db/queries/audit.ts";
import { listAuditSources } from "../../db/queries/audit-decisions.ts";
import { savePolicyConfigRow } from "../../db/queries/policy-configs.ts";
import { getRequest } from "../../db/queries/requests.ts";
import { startStack, type Stack } from "../server/harness.ts";

let stack: Stack;
let orgId: number;
let repos: string[];
const DENY_REASON = "administration:write is not allowed on personal tokens";
const APPROVE_REASON = "read-only access to the listed repositories";

const db = () => stack.handle.db;
const savePolicy = (status: "valid" | "invalid") => savePolicyConfigRow({
  db: db(), orgId, row: {
    status, repository: ".github", path: ".github/patwarden.yml", sha: "test", source: "# test", errors: [],
    config: policyConfigSchema.parse({
      requests: {
        deny: [{ when: "forbidden_permissions", permissions: ["administration:write"], reason: DENY_REASON }],
        approve: [{ when: "read_only", repositories: repos.slice(0, 2), reason: APPROVE_REASON }],
      },
    }),
  },
});
const pendingInSim = (id: number) => stack.sim.control.org("acme").requests.some((r) => r.id === id);

async function waitFor<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The request's one decision entry, and patwarden's own record of it: the entry itself, or (when
 * GitHub's webhook was recorded first) the source linked to the webhook's entry.
 */
async function policyDecision(requestId: number, actions: string[]) {
  const entries = (await listAudit({ db: db(), orgId, filter: { targetId: requestId } })).filter((e) => actions.includes(e.action));
  expect(entries).toHaveLength(1);
  const linked = (await listAuditSources({ db: db(), auditIds: [entries[0]!.id] })).get(entries[0]!.id) ?? [];
  return entries[0]!.actor === "patwarden[policy]" ? entries[0]! : linked.find((s) => s.actor === "patwarden[policy]");
}

beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: "acme", grants: 20, requests: 1 }] });
  orgId = (await stack.org("acme")).id;
  repos = stack.sim.control.org("acme").repos.map((r) => r.name);
  await savePolicy("valid");
});
afterAll(() => stack?.close());

describe("request auto-review on personal_access_token_request.created", () => {
  it("denies a request for a forbidden permission, with the rule's reason, audited as the policy", async () => {
    const r = await stack.sim.control.createRequest("acme", { repository_selection: "subset", repositories: [repos[0]!], permissions: { repository: { metadata: "read", administration: "write" } } });
    await stack.jobs.idle(); // auto-review runs after the delivery is answered
    expect((await getRequest({ db: db(), orgId, requestId: r.id }))?.status).toBe("denied");
    expect(pendingInSim(r.id)).toBe(false);
    const deniedHook = () => stack.sim.control.webhookLog().some((w) => w.event === "personal_access_token_request" && w.action === "denied");
    expect(await waitFor(async () => deniedHook(), (seen) => seen)).toBe(true);
    const own = await policyDecision(r.id, ["request.deny", "request.denied"]);
    expect(own).toMatchObject({ actor: "patwarden[policy]", actorType: "app", reason: DENY_REASON });
    expect(own!.details).toMatchObject({ auto: true, rule: "requests.deny[0]", when: "forbidden_permissions", outcome: "denied" });
  });

  it("approves a read-only request for listed repositories; the grant appears", async () => {
    const r = await stack.sim.control.createRequest("acme", { repository_selection: "subset", repositories: [repos[1]!], permissions: { repository: { metadata: "read", contents: "read" } } });
    await stack.jobs.idle();
    expect((await getRequest({ db: db(), orgId, requestId: r.id }))?.status).toBe("approved");
    expect(pendingInSim(r.id)).toBe(false);
    expect(stack.sim.control.org("acme").grants.some((g) => g.token_id === r.token_id)).toBe(true);
    const own = await policyDecision(r.id, ["request.approve", "request.approved"]);
    expect(own).toMatchObject({ actor: "patwarden[policy]", reason: APPROVE_REASON });
    expect(own!.details).toMatchObject({ rule: "requests.approve[0]" });
  });

  it("leaves an unmatched request pending for a person (a write, or an unlisted repository)", async () => {
    const write = await stack.sim.control.createRequest("acme", { repository_selection: "subset", repositories: [repos[0]!], permissions: { repository: { metadata: "read", contents: "write" } } });
    const unlisted = await stack.sim.control.createRequest("acme", { repository_selection: "subset", repositories: [repos[2]!], permissions: { repository: { metadata: "read" } } });
    await stack.jobs.idle(); // auto-review runs after the delivery is answered
    for (const r of [write, unlisted]) {
      expect((await getRequest({ db: db(), orgId, requestId: r.id }))?.status).toBe("pending");
      expect(pendingInSim(r.id)).toBe(true);
      expect(await listAudit({ db: db(), orgId, filter: { targetId: r.id } })).toEqual([expect.objectContaining({ action: "request.created" })]);
    }
  });

  it("a review GitHub refuses leaves the request pending, audited as a failure", { timeout: 90_000 }, async () => {
    stack.sim.control.injectFault({ path: "personal-access-token-requests", method: "POST", status: 502, count: -1 });
    try {
      const r = await stack.sim.control.createRequest("acme", { repository_selection: "subset", repositories: [repos[0]!], permissions: { repository: { administration: "write" } } });
      await stack.jobs.idle(); // retries and the isolating second try are paced: seconds, after the delivery
      const audit = await listAudit({ db: db(), orgId, filter: { action: "request.deny", targetId: r.id } });
      expect(audit).toHaveLength(1);
      expect((await getRequest({ db: db(), orgId, requestId: r.id }))?.status).toBe("pending");
      expect(pendingInSim(r.id)).toBe(true);
      expect(audit[0]).toMatchObject({ actor: "patwarden[policy]", result: "failure", reason: DENY_REASON });
      expect(audit[0]!.details).toMatchObject({ rule: "requests.deny[0]", outcome: "failed" });
    } finally {
      stack.sim.control.clearFaults();
    }
  });

  it("does nothing without a valid policy file", async () => {
    await savePolicy("invalid");
    try {
      const r = await stack.sim.control.createRequest("acme", { repository_selection: "subset", repositories: [repos[0]!], permissions: { repository: { administration: "write" } } });
      await stack.jobs.idle();
      expect((await getRequest({ db: db(), orgId, requestId: r.id }))?.status).toBe("pending");
      expect(pendingInSim(r.id)).toBe(true);
      expect(await listAudit({ db: db(), orgId, filter: { action: "request.deny", targetId: r.id } })).toEqual([]);
    } finally {
      await savePolicy("valid");
    }
  });
});
