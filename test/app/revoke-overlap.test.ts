// The dashboard's revoke dialog over grants an unfinished job already holds: the preview names the
// job as the problem, and starting anyway is refused with a sentence; no second job, no call.
import { afterAll, beforeAll, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
vi.mock("next/headers", async () => {
  const { jar } = await import("./viewer-fixture.ts");
  return { cookies: async () => ({ get: (name: string) => (name === "pw_session" && jar.cookie ? { name, value: jar.cookie } : undefined) }) };
});
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

import { previewRevocationAction, startRevocationAction } from "../../app/(dashboard)/orgs/[org]/grants/actions.ts";
import { clearDashboardRuntime, type DashboardRuntime } from "../../app/_data/runtime.ts";
import { createRevocationJob, newRunnerId } from "../../bot/revoke/index.ts";
import type { DbHandle } from "../../db/client.ts";
import { setJobStatus } from "../../db/queries/revocations.ts";
import { revocationJobs } from "../../db/schema.ts";
import { createTestDb } from "../helpers/db.ts";
import { insertGrant, insertOrg } from "./factories.ts";
import { recordingOctokit, setUpRuntime, signInAs } from "./viewer-fixture.ts";

const now = new Date();
let h: DbHandle;
let runtime: DashboardRuntime;
let octokit: ReturnType<typeof recordingOctokit>;
let orgId: number;
const ids: number[] = [];

beforeAll(async () => {
  h = await createTestDb();
  orgId = (await insertOrg({ db: h.db, login: "acme" })).id;
  for (let i = 0; i < 6; i++) ids.push(await insertGrant({ db: h.db, orgId, now, spec: { ownerLogin: "bob", lastUsedDaysAgo: 200 } }));
  octokit = recordingOctokit();
  runtime = setUpRuntime({ db: h.db, people: { members: { acme: { alice: { role: "admin", state: "active" } } }, teams: {} }, securityTeams: "", octokit });
  await signInAs({ runtime, login: "alice", now });
});
afterAll(async () => {
  clearDashboardRuntime();
  await h?.close();
});

const jobCount = async () => (await h.db.select().from(revocationJobs)).length;

it("a job running over some of the grants: the preview says so and starting is refused naming it", async () => {
  const running = await createRevocationJob({ db: h.db, orgId, target: { ids: ids.slice(0, 4) }, reason: "r", actor: "sam", actorType: "user", runnerId: newRunnerId() });
  const target = { kind: "ids" as const, ids: ids.slice(2) };
  expect(await previewRevocationAction({ org: "acme", target })).toMatchObject({
    ok: true, count: 4, problem: `Revocation job ${running.id} is revoking 2 of these grants right now (4 of 4 left); wait for it to finish, or leave them out.`,
  });
  const before = await jobCount();
  expect(await startRevocationAction({ org: "acme", target, reason: "again", expectCount: 4 })).toEqual({
    ok: false,
    message: `2 grants of this selection belong to revocation job ${running.id}, which is running now (4 grants of 4 left); wait for it to finish, or leave those grants out (\`patwarden revoke --org acme --job ${running.id}\` shows it); nothing was created.`,
  });
  expect([await jobCount(), octokit.calls.length]).toEqual([before, 0]);
  // Stopped by a crash: offered for resumption.
  await h.db.update(revocationJobs).set({ leaseOwner: null, leaseUntil: null });
  await setJobStatus({ db: h.db, jobId: running.id, status: "running", now });
  expect(await previewRevocationAction({ org: "acme", target })).toMatchObject({
    problem: `2 of these grants belong to revocation job ${running.id}, which stopped before finishing (4 of 4 left); a running server resumes it on its own, or run \`patwarden revoke --org acme --job ${running.id}\`.`,
  });
});
