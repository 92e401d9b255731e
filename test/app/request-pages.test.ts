// The requests page's data loader past its first 100: Next (?after=) and Previous (?before=) walk
// the whole pending queue a page at a time, oldest first; a broken cursor is named.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
vi.mock("next/headers", async () => {
  const { jar } = await import("./viewer-fixture.ts");
  return { cookies: async () => ({ get: (name: string) => (name === "pw_session" && jar.cookie ? { name, value: jar.cookie } : undefined) }) };
});
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

import { listRequestTable, REQUESTS_SHOWN } from "../../app/_data/requests.ts";
import { clearDashboardRuntime, type DashboardRuntime } from "../../app/_data/runtime.ts";
import { getViewer } from "../../app/_data/viewer.ts";
import type { DbHandle } from "../../db/client.ts";
import { createTestDb } from "../helpers/db.ts";
import { insertOrg, insertRequest } from "./factories.ts";
import { recordingOctokit, setUpRuntime, signInAs } from "./viewer-fixture.ts";

const now = new Date();
const people = { members: { acme: { alice: { role: "admin", state: "active" } } }, teams: {} } as const;
let h: DbHandle;
let runtime: DashboardRuntime;
const ids: number[] = [];

beforeAll(async () => {
  h = await createTestDb();
  const acme = await insertOrg({ db: h.db, login: "acme" });
  // 205 pending, in pairs created at the same second (ties broken by id), inserted newest first.
  for (let i = 204; i >= 0; i--) {
    ids.unshift(await insertRequest({ db: h.db, orgId: acme.id, now, spec: { createdAt: new Date(now.getTime() - (300 - Math.floor(i / 2)) * 60_000) } }));
  }
  runtime = setUpRuntime({ db: h.db, people, securityTeams: "", octokit: recordingOctokit() });
});
afterAll(async () => {
  clearDashboardRuntime();
  await h?.close();
});

describe("the requests page by cursor", () => {
  it("shows the oldest 100, then the next 100 and the last 5 by Next, and back by Previous", async () => {
    await signInAs({ runtime, login: "alice", now });
    const viewer = (await getViewer())!;
    // Ties: the same second, the lower id first (insertion went newest first, so ids run backwards in time).
    const order = [...ids].map((id, i) => ({ id, i })).sort((a, b) => Math.floor(a.i / 2) - Math.floor(b.i / 2) || a.id - b.id).map((x) => x.id);
    const first = await listRequestTable({ viewer, org: "acme" });
    expect([first.total, first.rows.length, first.previous]).toEqual([205, REQUESTS_SHOWN, null]);
    const second = await listRequestTable({ viewer, org: "acme", after: first.next! });
    const third = await listRequestTable({ viewer, org: "acme", after: second.next! });
    expect([second.rows.length, third.rows.length, third.next]).toEqual([100, 5, null]);
    expect([...first.rows, ...second.rows, ...third.rows].map((r) => r.id)).toEqual(order);
    const back = await listRequestTable({ viewer, org: "acme", before: third.previous! });
    expect(back.rows.map((r) => r.id)).toEqual(second.rows.map((r) => r.id));
    const start = await listRequestTable({ viewer, org: "acme", before: back.previous! });
    expect(start.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    await expect(listRequestTable({ viewer, org: "acme", after: "garbage!" })).rejects.toMatchObject({ kind: "InvalidInput", field: "after" });
  });
});
