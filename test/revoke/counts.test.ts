// Revocation counts: the quick preview (counts up to the job limit) is exact whenever a selection
// can be revoked and says "more than the limit" otherwise; the exact count equals the list's length
// for every filter; a stopped count rejects at once and, on Postgres, leaves no statement running.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COUNT_APPLICATION_PREFIX, countGrantsCancellable } from "../../db/queries/grant-counts.ts";
import { listGrants } from "../../db/queries/grants.ts";
import { createRevocationJob, previewRevocation } from "../../bot/revoke/index.ts";
import { countSelection } from "../../bot/revoke/selection.ts";
import type { GrantFilter } from "../../model/grant-filter.ts";
import { InvalidInput } from "../../model/errors.ts";
import { startRevokeHarness, type OrgInfo, type RevokeHarness } from "./harness.ts";

let hs: RevokeHarness;
let acme: OrgInfo;
const now = new Date();

beforeAll(async () => {
  hs = await startRevokeHarness({ orgs: [{ login: "acme", grants: 300 }] });
  await hs.sync("acme");
  acme = await hs.org("acme");
});
afterAll(() => hs?.close());

const FILTERS: [string, GrantFilter][] = [
  ["no filter", {}],
  ["stale", { staleDays: 90 }],
  ["permission", { permission: [{ name: "contents", level: "write" }] }],
  ["permission any", { permissionAny: [{ name: "administration", level: "write" }, { name: "members", level: "read" }] }],
  ["never used", { neverUsed: true }],
  ["no expiry", { noExpiry: true }],
  ["expiring 30d", { expiringWithin: 30 }],
  ["selection subset", { selection: ["subset"] }],
  ["search", { search: "a" }],
  ["stale + permission", { staleDays: 90, permission: [{ name: "contents", level: "write" }] }],
  ["risk", { riskMin: 30 }],
];

async function listed(filter: GrantFilter): Promise<number> {
  const { rows } = await listGrants({ db: hs.h.db, orgId: acme.id, filter: { ...filter, state: "active" }, sort: "id", page: 1, perPage: 100_000, now });
  return rows.length;
}

describe("counts of a revocation selection are exact", () => {
  for (const [name, filter] of FILTERS) {
    it(`${name}: quick preview, full preview and the exact count agree with the list`, async () => {
      const expected = await listed(filter);
      const db = hs.h.db;
      const quick = await previewRevocation({ db, orgId: acme.id, target: { filter }, quick: true, now });
      expect({ count: quick.count, countCapped: quick.countCapped, tooMany: quick.tooMany }).toEqual({ count: expected, countCapped: false, tooMany: false });
      expect((await previewRevocation({ db, orgId: acme.id, target: { filter }, now })).count).toBe(expected);
      const cancelOnServer = hs.h.kind === "postgres";
      expect(await countSelection({ db, orgId: acme.id, target: { filter }, now, cancelOnServer, signal: new AbortController().signal })).toBe(expected);
      // Under a limit below the count: quick says "more than the limit", the full preview stays exact.
      if (expected > 2) {
        const capped = await previewRevocation({ db, orgId: acme.id, target: { filter }, quick: true, maxGrants: expected - 1, now });
        expect({ count: capped.count, countCapped: capped.countCapped, tooMany: capped.tooMany }).toEqual({ count: expected - 1, countCapped: true, tooMany: true });
        // Past the limit it reads only its sample (the first grants by id) and no owner breakdown.
        const { rows: firstTen } = await listGrants({ db, orgId: acme.id, filter: { ...filter, state: "active" }, sort: "id", direction: "asc", page: 1, perPage: 10, now });
        expect({ sample: capped.sample.map((g) => g.id), owners: capped.owners }).toEqual({ sample: firstTen.map((g) => g.id), owners: [] });
        const full = await previewRevocation({ db, orgId: acme.id, target: { filter }, maxGrants: expected - 1, now });
        expect({ count: full.count, countCapped: full.countCapped, tooMany: full.tooMany }).toEqual({ count: expected, countCapped: false, tooMany: true });
        // At exactly the limit the quick count is exact and the selection can be revoked.
        const atLimit = await previewRevocation({ db, orgId: acme.id, target: { filter }, quick: true, maxGrants: expected, now });
        expect({ count: atLimit.count, countCapped: atLimit.countCapped, tooMany: atLimit.tooMany }).toEqual({ count: expected, countCapped: false, tooMany: false });
      }
    });
  }

  it("creating a job over the limit is refused with the exact count", async () => {
    const expected = await listed({});
    const error = await createRevocationJob({
      db: hs.h.db, orgId: acme.id, target: { filter: {} }, reason: "r", actor: "alice", actorType: "user", confirmation: "acme", maxGrants: 10, dryRun: true, now,
    }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as InvalidInput).message).toContain(`selects ${expected} grants; at most 10`);
  });

  it("a removed-state filter is refused by the count as by the preview", async () => {
    await expect(countSelection({ db: hs.h.db, orgId: acme.id, target: { filter: { state: "removed" } }, cancelOnServer: false })).rejects.toThrow(/only active grants/);
  });
});

describe("a stopped count", () => {
  it("rejects with the signal's reason when stopped before it starts", async () => {
    const controller = new AbortController();
    controller.abort(new Error("closed"));
    await expect(countGrantsCancellable({ db: hs.h.db, orgId: acme.id, signal: controller.signal, cancelOnServer: hs.h.kind === "postgres" })).rejects.toThrow("closed");
  });

  it.runIf(!!process.env.DATABASE_URL)("is cancelled on the Postgres server: no count statement is left running", async () => {
    const url = hs.h.databaseUrl!;
    // Another session holds the grants table locked, so the count waits (as a slow count runs) until it is cancelled.
    const locker = new pg.Client({ connectionString: url });
    const watcher = new pg.Client({ connectionString: url });
    await locker.connect();
    await watcher.connect();
    const running = async () => (await watcher.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity where application_name like $1 and state = 'active'`, [`${COUNT_APPLICATION_PREFIX}%`],
    )).rows[0]!.n;
    try {
      await locker.query("begin; lock table grants in access exclusive mode");
      const controller = new AbortController();
      const counting = countGrantsCancellable({ db: hs.h.db, orgId: acme.id, filter: { staleDays: 90 }, signal: controller.signal, cancelOnServer: true });
      const outcome = counting.then(() => "finished", (e: unknown) => e);
      for (let i = 0; i < 100 && (await running()) === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(await running()).toBe(1);
      const t0 = Date.now();
      controller.abort();
      const e = await outcome;
      expect((e as Error).name).toBe("AbortError");
      // Cancelled by the server while the lock is still held: it did not finish by itself.
      expect(Date.now() - t0).toBeLessThan(5_000);
      for (let i = 0; i < 50 && (await running()) > 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(await running()).toBe(0);
      await locker.query("rollback");
      // The pool's connections are healthy afterwards: a count goes through.
      expect(await countGrantsCancellable({ db: hs.h.db, orgId: acme.id, signal: new AbortController().signal, cancelOnServer: true })).toBe(await listed({}));
    } finally {
      await locker.end();
      await watcher.end();
    }
  });
});
