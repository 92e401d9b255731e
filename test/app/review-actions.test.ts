// The requests page's data and its review action: who may review, the reason rule with its
// sentence, foreign or settled ids, and what an approval or denial records and sends.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
vi.mock("next/headers", async () => {
  const { jar } = await import("./viewer-fixture.ts");
  return { cookies: async () => ({ get: (name: string) => (name === "pw_session" && jar.cookie ? { name, value: jar.cookie } : undefined) }) };
});
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

import { reviewRequestsAction } from "../../app/(dashboard)/orgs/[org]/requests/actions.ts";
import { listRequestTable } from "../../app/_data/requests.ts";
import { describeReview } from "../../app/_data/review.ts";
import { clearDashboardRuntime, type DashboardRuntime } from "../../app/_data/runtime.ts";
import { getViewer } from "../../app/_data/viewer.ts";
import type { DbHandle } from "../../db/client.ts";
import { auditLog, patRequests } from "../../db/schema.ts";
import { createTestDb } from "../helpers/db.ts";
import { insertOrg, insertRequest } from "./factories.ts";
import { recordingOctokit, setUpRuntime, signInAs } from "./viewer-fixture.ts";

const now = new Date();
const people = {
  members: {
    acme: { alice: { role: "admin", state: "active" }, sam: { role: "member", state: "active" }, mo: { role: "member", state: "active" } },
    globex: { gina: { role: "admin", state: "active" } },
  },
  teams: { acme: ["sam"] },
} as const;

let h: DbHandle;
let runtime: DashboardRuntime;
let octokit: ReturnType<typeof recordingOctokit>;
let acmeId: number;
let pending: number[];
let globexRequest: number;

const as = (login: string | null) => signInAs({ runtime, login, now });
const statusOf = async (id: number) => (await h.db.select({ s: patRequests.status }).from(patRequests).where(eq(patRequests.id, id)))[0]?.s;

beforeAll(async () => {
  h = await createTestDb();
  const acme = await insertOrg({ db: h.db, login: "acme" });
  acmeId = acme.id;
  const globex = await insertOrg({ db: h.db, login: "globex" });
  pending = [];
  pending.push(await insertRequest({ db: h.db, orgId: acme.id, now, spec: { ownerLogin: "dana", repositories: ["api", "web", "docs", "infra"], reason: "CI deploys" } }));
  pending.push(await insertRequest({ db: h.db, orgId: acme.id, now, spec: { ownerLogin: "eve", permissions: { organization: { administration: "write" } }, tokenExpiresAt: null } }));
  pending.push(await insertRequest({ db: h.db, orgId: acme.id, now, spec: { ownerLogin: "finn" } }));
  await insertRequest({ db: h.db, orgId: acme.id, now, spec: { ownerLogin: "old", status: "denied" } });
  globexRequest = await insertRequest({ db: h.db, orgId: globex.id, now, spec: { ownerLogin: "gus" } });
  octokit = recordingOctokit();
  runtime = setUpRuntime({ db: h.db, people, securityTeams: "acme:security:read", octokit });
});
afterAll(async () => {
  clearDashboardRuntime();
  await h?.close();
});
beforeEach(() => {
  octokit.calls.length = 0;
});

describe("the requests table", () => {
  it("lists pending requests oldest first with owner, reason, permissions, repositories and expiry", async () => {
    await as("alice");
    const t = await listRequestTable({ viewer: (await getViewer())!, org: "acme" });
    expect(t.total).toBe(3);
    const [dana, eve] = t.rows;
    expect([dana!.ownerLogin, dana!.reason, dana!.selection, dana!.repositories, dana!.repositoryCount]).toEqual(["dana", "CI deploys", "subset", ["org/api", "org/docs", "org/infra", "org/web"], 4]);
    expect([eve!.permissions, eve!.expiresAt]).toEqual([[{ scope: "organization", name: "administration", level: "write" }], null]);
  });
});

describe("who may review", () => {
  it("signed out, a non-member owner of another org, and a read-only team are refused before GitHub is called", async () => {
    const input = { org: "acme", ids: [pending[0]], decision: "approve", reason: "ok" };
    await as(null);
    expect(await reviewRequestsAction(input)).toEqual({ ok: false, message: "You are signed out; sign in again." });
    await as("mo");
    expect(await reviewRequestsAction(input)).toEqual({ ok: false, message: "No org named acme is connected to patwarden." });
    await as("gina");
    expect(await reviewRequestsAction(input)).toEqual({ ok: false, message: "No org named acme is connected to patwarden." });
    expect(await reviewRequestsAction({ ...input, org: "globex" })).toMatchObject({ ok: false, message: expect.stringMatching(new RegExp(`^${pending[0]} is not a request of this org`)) });
    await as("sam");
    expect(await reviewRequestsAction(input)).toEqual({ ok: false, message: "Your security-team access to acme is read-only; ask an owner to revoke." });
    expect(octokit.calls).toEqual([]);
    expect(await statusOf(pending[0]!)).toBe("pending");
  });
});

describe("what review refuses", () => {
  beforeEach(() => as("alice"));

  it("a reason is required, at most 1024 characters, with a sentence that says so", async () => {
    expect(await reviewRequestsAction({ org: "acme", ids: [pending[0]], decision: "deny", reason: "" }))
      .toEqual({ ok: false, message: "Give a reason: GitHub records it with the review, and it is kept in the audit log." });
    expect(await reviewRequestsAction({ org: "acme", ids: [pending[0]], decision: "deny", reason: "n".repeat(1025) }))
      .toEqual({ ok: false, message: "The reason is too long: at most 1024 characters." });
    expect(octokit.calls).toEqual([]);
  });

  it("an empty selection, an unknown decision, another org's request and a settled one are refused", async () => {
    expect(await reviewRequestsAction({ org: "acme", ids: [], decision: "deny", reason: "r" })).toEqual({ ok: false, message: "Select at least one request to review." });
    expect(await reviewRequestsAction({ org: "acme", ids: [pending[0]], decision: "ignore", reason: "r" }))
      .toEqual({ ok: false, message: "The form was incomplete; reload the page and try again." });
    expect(await reviewRequestsAction({ org: "acme", ids: [globexRequest], decision: "deny", reason: "r" }))
      .toMatchObject({ ok: false, message: expect.stringMatching(new RegExp(`^${globexRequest} is not a request of this org`)) });
    expect(octokit.calls).toEqual([]);
  });
});

describe("reviewing", () => {
  it("denies two in one bulk call with the reason, records each, and audits each", async () => {
    await as("alice");
    const r = await reviewRequestsAction({ org: "acme", ids: [pending[1], pending[2]], decision: "deny", reason: "admin write is not allowed" });
    expect(r).toEqual({ ok: true, message: "Denied 2 requests." });
    expect(octokit.mutations().map((c) => [c.route, c.options.pat_request_ids, c.options.action, c.options.reason])).toEqual([
      ["POST /orgs/{org}/personal-access-token-requests", [pending[1], pending[2]], "deny", "admin write is not allowed"],
    ]);
    expect([await statusOf(pending[1]!), await statusOf(pending[2]!)]).toEqual(["denied", "denied"]);
    const audit = await h.db.select().from(auditLog).where(and(eq(auditLog.orgId, acmeId), eq(auditLog.action, "request.deny")));
    expect(audit.map((a) => [a.targetId, a.actor, a.reason, a.result]).sort()).toEqual(
      [[String(pending[1]), "alice", "admin write is not allowed", "success"], [String(pending[2]), "alice", "admin write is not allowed", "success"]].sort(),
    );
    const again = await reviewRequestsAction({ org: "acme", ids: [pending[1]], decision: "approve", reason: "changed my mind" });
    expect(again).toMatchObject({ ok: false, message: expect.stringMatching(/no longer pending/) });
  });

  it("approves one; the table no longer lists it", async () => {
    await as("alice");
    expect(await reviewRequestsAction({ org: "acme", ids: [pending[0]], decision: "approve", reason: "needed for CI" })).toEqual({ ok: true, message: "Approved 1 request." });
    expect(await statusOf(pending[0]!)).toBe("approved");
    const t = await listRequestTable({ viewer: (await getViewer())!, org: "acme" });
    expect(t.total).toBe(0);
  });

  it("says what happened to each kind of outcome", () => {
    expect(describeReview({ decision: "deny", results: [
      { requestId: 1, outcome: "denied" }, { requestId: 2, outcome: "gone" }, { requestId: 3, outcome: "failed", error: "GitHub answered 502" },
    ] }).message).toBe("Denied 1 request. 1 request was no longer pending in GitHub (reviewed or withdrawn elsewhere). 1 request could not be denied: GitHub answered 502. It stays pending; try again later.");
  });
});
