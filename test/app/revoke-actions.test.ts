// The revoke server actions as the browser calls them: who may act (signed out, non-owner, owner
// of another org, read-only and revoke-mode security teams), what input is refused with which
// sentence, and what a successful revocation leaves behind (GitHub calls, items, audit, inventory).
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
vi.mock("next/headers", async () => {
  const { jar } = await import("./viewer-fixture.ts");
  return { cookies: async () => ({ get: (name: string) => (name === "pw_session" && jar.cookie ? { name, value: jar.cookie } : undefined) }) };
});
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

import { previewRevocationAction, revokeGrantAction, startRevocationAction } from "../../app/(dashboard)/orgs/[org]/grants/actions.ts";
import { clearDashboardRuntime, type DashboardRuntime } from "../../app/_data/runtime.ts";
import { getRevocationJob } from "../../bot/revoke/index.ts";
import type { DbHandle } from "../../db/client.ts";
import { auditLog, grants, revocationJobs } from "../../db/schema.ts";
import { createTestDb } from "../helpers/db.ts";
import { insertGrant, insertOrg } from "./factories.ts";
import { recordingOctokit, setUpRuntime, signInAs } from "./viewer-fixture.ts";

const now = new Date();
const people = {
  members: {
    acme: {
      alice: { role: "admin", state: "active" }, sam: { role: "member", state: "active" }, mo: { role: "member", state: "active" },
    },
    globex: { gina: { role: "admin", state: "active" }, rex: { role: "member", state: "active" } },
  },
  teams: { acme: ["sam"], globex: ["rex"] },
} as const;

let h: DbHandle;
let runtime: DashboardRuntime;
let octokit: ReturnType<typeof recordingOctokit>;
let acme: { id: number };
let globex: { id: number };
let staleBob: number[];
let freshBob: number;
let globexGrant: number;

const as = (login: string | null) => signInAs({ runtime, login, now });
const jobCount = async () => (await h.db.select().from(revocationJobs)).length;

async function waitForJob(jobId: number) {
  await expect.poll(async () => (await getRevocationJob({ db: h.db, jobId })).status, { timeout: 20_000 }).toMatch(/succeeded|failed/);
  return getRevocationJob({ db: h.db, jobId });
}

beforeAll(async () => {
  h = await createTestDb();
  acme = await insertOrg({ db: h.db, login: "acme" });
  globex = await insertOrg({ db: h.db, login: "globex" });
  staleBob = [];
  for (let i = 0; i < 3; i++) staleBob.push(await insertGrant({ db: h.db, orgId: acme.id, now, spec: { ownerLogin: "bob", lastUsedDaysAgo: 200 } }));
  freshBob = await insertGrant({ db: h.db, orgId: acme.id, now, spec: { ownerLogin: "bob", lastUsedDaysAgo: 2 } });
  // Enough grants of one owner to need the typed org name.
  for (let i = 0; i < 51; i++) await insertGrant({ db: h.db, orgId: acme.id, now, spec: { ownerLogin: "carol", lastUsedDaysAgo: 10 } });
  globexGrant = await insertGrant({ db: h.db, orgId: globex.id, now, spec: { ownerLogin: "gus", lastUsedDaysAgo: 300 } });
  octokit = recordingOctokit();
  runtime = setUpRuntime({ db: h.db, people, securityTeams: "acme:security:read,globex:secops:revoke", octokit });
});
afterAll(async () => {
  clearDashboardRuntime();
  await h?.close();
});
beforeEach(() => {
  octokit.calls.length = 0;
});

const ids = (list: number[]) => ({ kind: "ids" as const, ids: list });

describe("who may revoke", () => {
  it("signed out: every action answers with a sentence and nothing is created or sent", async () => {
    await as(null);
    const before = await jobCount();
    expect(await previewRevocationAction({ org: "acme", target: ids(staleBob) })).toEqual({ ok: false, message: "You are signed out; sign in again." });
    expect(await startRevocationAction({ org: "acme", target: ids(staleBob), reason: "cleanup" })).toEqual({ ok: false, message: "You are signed out; sign in again." });
    expect(await revokeGrantAction({ org: "acme", grantId: staleBob[0], reason: "cleanup" })).toEqual({ ok: false, message: "You are signed out; sign in again." });
    expect([await jobCount(), octokit.calls.length]).toEqual([before, 0]);
  });

  it("a member who is neither owner nor on the team is told the org does not exist", async () => {
    await as("mo");
    const r = await startRevocationAction({ org: "acme", target: ids(staleBob), reason: "cleanup" });
    expect(r).toEqual({ ok: false, message: "No org named acme is connected to patwarden." });
    expect(octokit.calls).toEqual([]);
  });

  it("the owner of another org cannot revoke here, nor reach this org's grants through their own org", async () => {
    await as("gina");
    expect(await previewRevocationAction({ org: "acme", target: ids(staleBob) })).toMatchObject({ ok: false, message: "No org named acme is connected to patwarden." });
    const foreign = await startRevocationAction({ org: "globex", target: ids([staleBob[0]!]), reason: "cleanup" });
    expect(foreign).toMatchObject({ ok: false, message: expect.stringMatching(new RegExp(`^${staleBob[0]} is not a grant of globex`)) });
    const single = await revokeGrantAction({ org: "globex", grantId: staleBob[0], reason: "cleanup" });
    expect(single).toMatchObject({ ok: false, message: expect.stringMatching(/is not a grant of globex/) });
    expect(octokit.calls).toEqual([]);
  });

  it("a read-only security team may look but not revoke", async () => {
    await as("sam");
    const msg = "Your security-team access to acme is read-only; ask an owner to revoke.";
    expect(await previewRevocationAction({ org: "acme", target: ids(staleBob) })).toEqual({ ok: false, message: msg });
    expect(await startRevocationAction({ org: "acme", target: ids(staleBob), reason: "x" })).toEqual({ ok: false, message: msg });
    expect(await revokeGrantAction({ org: "acme", grantId: staleBob[0], reason: "x" })).toEqual({ ok: false, message: msg });
    expect(octokit.calls).toEqual([]);
  });

  it("a security team in revoke mode may revoke, with update_pat_access for one grant", async () => {
    await as("rex");
    const r = await revokeGrantAction({ org: "globex", grantId: globexGrant, reason: "unused for 300 days" });
    expect(r).toEqual({ ok: true, message: "Revoked: GitHub no longer lets this token reach the org." });
    expect(octokit.mutations().map((c) => [c.route, c.options.pat_id, c.options.action])).toEqual([
      ["POST /orgs/{org}/personal-access-tokens/{pat_id}", globexGrant, "revoke"],
    ]);
    const [row] = await h.db.select().from(grants).where(and(eq(grants.orgId, globex.id), eq(grants.id, globexGrant)));
    expect(row!.removalReason).toBe("revoked_by_patwarden");
    const audit = await h.db.select().from(auditLog).where(and(eq(auditLog.action, "grant.revoke"), eq(auditLog.targetId, String(globexGrant))));
    expect(audit.map((a) => [a.actor, a.reason, a.result])).toEqual([["rex", "unused for 300 days", "success"]]);
  });
});

describe("what the actions refuse", () => {
  beforeEach(() => as("alice"));

  it("a reason is required and at most 1024 characters", async () => {
    expect(await startRevocationAction({ org: "acme", target: ids(staleBob), reason: "   " }))
      .toEqual({ ok: false, message: "Give a reason: it is recorded with every revoked grant." });
    expect(await startRevocationAction({ org: "acme", target: ids(staleBob), reason: "x".repeat(1025) }))
      .toEqual({ ok: false, message: "The reason is too long: at most 1024 characters." });
    expect(await revokeGrantAction({ org: "acme", grantId: staleBob[0], reason: "é".repeat(1025) }))
      .toEqual({ ok: false, message: "The reason is too long: at most 1024 characters." });
    expect(octokit.calls).toEqual([]);
  });

  it("an empty selection, malformed ids and unknown ids are refused before anything is written", async () => {
    const before = await jobCount();
    expect(await startRevocationAction({ org: "acme", target: ids([]), reason: "r" })).toEqual({ ok: false, message: "Select at least one grant to revoke." });
    expect(await startRevocationAction({ org: "acme", target: { kind: "ids", ids: ["1"] }, reason: "r" }))
      .toEqual({ ok: false, message: "The form was incomplete; reload the page and try again." });
    expect(await startRevocationAction({ org: "acme", target: ids([987_654_321]), reason: "r" }))
      .toMatchObject({ ok: false, message: expect.stringMatching(/^987654321 is not a grant of acme/) });
    expect(await previewRevocationAction({ org: "acme", target: ids([987_654_321]) }))
      .toMatchObject({ ok: true, count: 0, problem: "1 of the selected ids are not grants of acme; reload the page and select again." });
    expect([await jobCount(), octokit.calls.length]).toEqual([before, 0]);
  });

  it("above 50 grants the org's name must be typed; a changed count is refused", async () => {
    const target = { kind: "filter" as const, query: "owner=carol" };
    const preview = await previewRevocationAction({ org: "acme", target });
    expect(preview).toMatchObject({ ok: true, count: 51, confirmOrgName: true, batches: 1, owners: [{ login: "carol", count: 51 }], problem: null });
    expect(await startRevocationAction({ org: "acme", target, reason: "r", expectCount: 51 }))
      .toEqual({ ok: false, message: `Type the organization's name "acme" to revoke 51 grants.` });
    expect(await startRevocationAction({ org: "acme", target, reason: "r", confirmation: "acme", expectCount: 50 }))
      .toMatchObject({ ok: false, message: expect.stringMatching(/^The selection now matches 51 grants, not the 50 previewed/) });
    expect(await previewRevocationAction({ org: "acme", target: { kind: "filter", query: "state=removed" } }))
      .toEqual({ ok: false, message: "Shows removed grants; only active grants can be revoked." });
    expect(octokit.calls).toEqual([]);
  });
});

describe("revoking everything a filter matches", () => {
  it("the server resolves the filter: exactly the matching grants are revoked in one bulk call, each audited", async () => {
    await as("alice");
    const target = { kind: "filter" as const, query: "owner=bob&stale-days=90&sort=name&page=3" };
    const preview = await previewRevocationAction({ org: "acme", target });
    expect(preview).toMatchObject({ ok: true, count: 3, confirmOrgName: false, batches: 1 });
    const started = await startRevocationAction({ org: "acme", target, reason: "stale for 90 days", expectCount: 3 });
    expect(started).toMatchObject({ ok: true, href: expect.stringMatching(/^\/orgs\/acme\/revocations\/\d+$/) });
    if (!started.ok) return;
    const job = await waitForJob(started.jobId);
    expect([job.status, job.counts.revoked, job.requestedBy, job.reason]).toEqual(["succeeded", 3, "alice", "stale for 90 days"]);
    const posts = octokit.mutations();
    expect(posts.map((c) => c.route)).toEqual(["POST /orgs/{org}/personal-access-tokens"]);
    expect([...(posts[0]!.options.pat_ids as number[])].sort()).toEqual([...staleBob].sort());
    const audit = await h.db.select().from(auditLog).where(and(eq(auditLog.orgId, acme.id), eq(auditLog.action, "grant.revoke")));
    expect(audit.map((a) => Number(a.targetId)).sort()).toEqual([...staleBob].sort());
    expect(audit.every((a) => a.actor === "alice" && a.reason === "stale for 90 days" && a.result === "success")).toBe(true);
    const [fresh] = await h.db.select().from(grants).where(and(eq(grants.orgId, acme.id), eq(grants.id, freshBob)));
    expect(fresh!.removedAt).toBeNull();
  });

  it("without the GitHub App on the server, revoking explains what is missing", async () => {
    const bare = setUpRuntime({ db: h.db, people: { members: people.members }, securityTeams: "" });
    await signInAs({ runtime: bare, login: "alice", now });
    const r = await revokeGrantAction({ org: "acme", grantId: freshBob, reason: "test" });
    expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/^Revoking from the dashboard needs the GitHub App on this server/) });
    runtime = setUpRuntime({ db: h.db, people, securityTeams: "acme:security:read,globex:secops:revoke", octokit });
  });
});
