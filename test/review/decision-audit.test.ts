// One audit entry per request decision: patwarden's review and GitHub's webhook reporting it are
// linked (who, through what, the delivery id) in either order; a decision made on GitHub directly
// gets its one entry from the webhook. Read back through the audit verbs the page and CSV use.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "../../db/queries/audit.ts";
import { listRequestsByIds, recordReviewOutcome } from "../../db/queries/reviews.ts";
import type { Engine } from "../../bot/engine.ts";
import { handlePatRequest, type PatRequestEvent } from "../../bot/handlers/pat-request.ts";
import type { HandlerArgs } from "../../bot/handlers/route.ts";
import { reviewRequests } from "../../bot/review/index.ts";
import { testEngine } from "../helpers/engine.ts";
import { quietLog } from "../sync/harness.ts";
import { startRevokeHarness, type OrgInfo, type RevokeHarness } from "../revoke/harness.ts";

let hs: RevokeHarness;
let acme: OrgInfo;
let engine: Engine;
let requests: { id: number; token_id: number; token_name: string; owner: { login: string } }[];

beforeAll(async () => {
  hs = await startRevokeHarness({ orgs: [{ login: "acme", grants: 10, requests: 4, subsetShare: 0 }] });
  await hs.sync("acme");
  acme = await hs.org("acme");
  engine = testEngine({ db: hs.h.db, octokit: hs.app.installationOctokit(acme.installationId) });
  requests = hs.sim.control.org("acme").requests.map((r) => ({ id: r.id, token_id: r.token_id, token_name: r.token_name, owner: { login: r.owner.login } }));
}, 120_000);
afterAll(() => hs?.close());

/** GitHub's personal_access_token_request webhook as the handler receives it (trimmed). */
const deliver = (action: "approved" | "denied", request: (typeof requests)[number], deliveryId: string, sender = "patwarden-sim[bot]") =>
  handlePatRequest({
    engine, octokit: hs.app.installationOctokit(acme.installationId), log: quietLog, deliveryId, jobs: { run: () => {} },
    payload: { action, personal_access_token_request: request, organization: { id: acme.id, login: "acme" }, sender: { login: sender } },
  } as unknown as HandlerArgs<PatRequestEvent>);
const entriesFor = async (id: number) => (await listAudit({ db: hs.h.db, orgId: acme.id, filter: { targetType: "pat_request", targetId: id } }));
const pageEntry = async (auditId: number) => (await engine.audit.page({ orgId: acme.id })).find((e) => e.id === auditId)!;
const csvSources = async (auditId: number) => (await engine.audit.csvRows({ orgId: acme.id })).find((r) => r[0] === auditId)![10];

describe("one audit entry per decision", () => {
  it("approved in patwarden, then the webhook: one entry, the webhook linked with its delivery id", async () => {
    const r = requests[0]!;
    await reviewRequests({ db: hs.h.db, octokit: hs.app.installationOctokit(acme.installationId), orgId: acme.id, requestIds: [r.id], action: "approve", reason: "release", actor: "alice", actorType: "user", pacingMs: 0 });
    await deliver("approved", r, "delivery-approve-1");
    const entries = await entriesFor(r.id);
    expect(entries.map((e) => [e.action, e.actor, e.result])).toEqual([["request.approve", "alice", "success"]]);
    const entry = await pageEntry(entries[0]!.id);
    expect(entry.sources.map((s) => [s.actor, s.via, s.deliveryId])).toEqual([
      ["alice", "dashboard", null],
      ["patwarden-sim[bot]", "GitHub", "delivery-approve-1"],
    ]);
    expect(await csvSources(entries[0]!.id)).toBe("alice via dashboard; patwarden-sim[bot] via GitHub (delivery delivery-approve-1)");
  });

  it("the webhook first, then patwarden's record of its own review (a race): still one entry, both sources", async () => {
    const r = requests[1]!;
    const [row] = await listRequestsByIds({ db: hs.h.db, orgId: acme.id, ids: [r.id] });
    await deliver("denied", r, "delivery-deny-2");
    await recordReviewOutcome({
      db: hs.h.db, orgId: acme.id, requests: [row!], status: "denied", now: new Date(),
      audit: { actor: "bob", actorType: "cli", action: "request.deny", reason: "not needed", result: "success", details: { outcome: "denied" } },
    });
    const entries = await entriesFor(r.id);
    expect(entries.map((e) => [e.action, e.actor])).toEqual([["request.denied", "patwarden-sim[bot]"]]);
    const entry = await pageEntry(entries[0]!.id);
    expect(entry.sources.map((s) => [s.actor, s.via, s.deliveryId])).toEqual([
      ["patwarden-sim[bot]", "GitHub", "delivery-deny-2"],
      ["bob", "CLI", null],
    ]);
    // The review's reason travels with its source, since the entry came from the webhook.
    expect(await csvSources(entries[0]!.id)).toBe("patwarden-sim[bot] via GitHub (delivery delivery-deny-2); bob via CLI (reason: not needed)");
  });

  it("decided on GitHub directly: one entry from the webhook, naming its delivery", async () => {
    const r = requests[2]!;
    await deliver("denied", r, "delivery-deny-3", "octocat");
    const entries = await entriesFor(r.id);
    expect(entries.map((e) => [e.action, e.actor, e.actorType])).toEqual([["request.denied", "octocat", "webhook"]]);
    expect(await csvSources(entries[0]!.id)).toBe("octocat via GitHub (delivery delivery-deny-3)");
  });
});
