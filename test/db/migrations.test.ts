import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDb, type DbHandle } from "../../db/client.ts";
import { auditLog, auditSources, orgs } from "../../db/schema.ts";
import { createTestDb } from "../helpers/db.ts";

describe("migrations", () => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await createTestDb();
  });
  afterAll(async () => h.close());

  it("creates every table and can be applied twice", async () => {
    await migrateDb(h);
    const r = (await h.db.execute(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
    )) as unknown as { rows: { table_name: string }[] };
    const names = r.rows.map((x) => x.table_name);
    for (const t of ["audit_log", "grants", "grant_repositories", "installations", "org_members", "orgs", "pat_requests", "request_repositories", "sync_runs", "webhook_deliveries"]) {
      expect(names).toContain(t);
    }
  });

  it("keeps the audit log append-only", async () => {
    await h.db.insert(orgs).values({ id: 1, login: "acme" });
    await h.db.insert(auditLog).values({ orgId: 1, actor: "alice", actorType: "user", action: "test", result: "success" });
    // drizzle wraps the driver error; the database's own message is the cause.
    const why = (e: unknown) => String((e as { cause?: Error }).cause?.message ?? e);
    await expect(h.db.update(auditLog).set({ actor: "mallory" }).catch((e) => Promise.reject(why(e)))).rejects.toMatch(/append-only/);
    await expect(h.db.delete(auditLog).catch((e) => Promise.reject(why(e)))).rejects.toMatch(/append-only/);
    const rows = await h.db.select().from(auditLog);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.actor).toBe("alice");
  });

  it("keeps the sources linked to audit entries append-only too", async () => {
    const [entry] = await h.db.select().from(auditLog).limit(1);
    await h.db.insert(auditSources).values({ auditId: entry!.id, actor: "octocat", actorType: "webhook", deliveryId: "d-1" });
    const why = (e: unknown) => String((e as { cause?: Error }).cause?.message ?? e);
    await expect(h.db.update(auditSources).set({ actor: "mallory" }).catch((e) => Promise.reject(why(e)))).rejects.toMatch(/append-only/);
    await expect(h.db.delete(auditSources).catch((e) => Promise.reject(why(e)))).rejects.toMatch(/append-only/);
    expect((await h.db.select().from(auditSources)).map((s) => s.actor)).toEqual(["octocat"]);
  });
});
