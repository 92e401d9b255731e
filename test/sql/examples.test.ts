// docs/sql.md's ten example queries, read from the page itself (so the docs and this test cannot
// drift), run through the engine's sql.query on a seeded database (PGlite, or Postgres with
// DATABASE_URL), each checked row by row.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../bot/engine.ts";
import type { DbHandle } from "../../db/client.ts";
import { createTestDb } from "../helpers/db.ts";
import { testEngine } from "../helpers/engine.ts";
import { seedSqlViews, type SqlSeed } from "./seed.ts";

const DAY = 86_400_000;
const doc = readFileSync(new URL("../../docs/sql.md", import.meta.url), "utf8");

/** "### N. Title" followed by a ```sql block, under "## Ten example queries". */
export function exampleQueries(): { n: number; title: string; sql: string }[] {
  const section = doc.split("## Ten example queries")[1]!.split("\n## ")[0]!;
  return [...section.matchAll(/^### (\d+)\. (.+)\n```sql\n([\s\S]*?)```/gm)].map((m) => ({ n: Number(m[1]), title: m[2]!, sql: m[3]! }));
}

let handle: DbHandle;
let engine: Engine;
let seed: SqlSeed;

beforeAll(async () => {
  handle = await createTestDb();
  seed = await seedSqlViews(handle.db);
  engine = testEngine({ handle });
});
afterAll(() => handle?.close());

function expected(s: SqlSeed): Record<number, Record<string, unknown>[]> {
  const ahead = (n: number) => new Date(s.now.getTime() + n * DAY);
  return {
    1: [{ owner: "bob", stale_grants: 2 }, { owner: "alice", stale_grants: 1 }, { owner: "carol", stale_grants: 1 }],
    2: [
      { org: "acme", id: 11, token_name: "token-11", owner: "alice", repository_selection: "all" },
      { org: "acme", id: 14, token_name: "token-14", owner: "carol", repository_selection: "all" },
    ],
    3: [
      { org: "acme", credential_id: 101, login: "alice", scopes: ["repo", "admin:org"], authorized_at: new Date("2030-01-01T00:00:00Z") },
      { org: "globex", credential_id: 201, login: "dave", scopes: ["repo", "workflow"], authorized_at: new Date("2030-01-01T00:00:00Z") },
    ],
    4: [
      { org: "acme", login: "carol", active_grants: 1, active_credentials: 1, left_at: s.daysAgo(10) },
      { org: "globex", login: "erin", active_grants: 0, active_credentials: 1, left_at: null },
    ],
    5: [{ full_name: "org/api", grants: 2 }, { full_name: "org/docs", grants: 1 }, { full_name: "org/web", grants: 1 }],
    6: [
      { org: "acme", action: "credential.remove", target_id: "104", actor: "alice", reason: "offboarding" },
      { org: "acme", action: "grant.revoke", target_id: "15", actor: "alice", reason: "left the team" },
    ],
    7: [
      { org: "globex", id: 16, token_name: "token-16", owner: "dave", expires_at: ahead(5) },
      { org: "acme", id: 12, token_name: "token-12", owner: "bob", expires_at: ahead(10) },
    ],
    8: [
      { kind: "fine_grained", org: "acme", token: 14, owner: "carol", risk_score: 90 },
      { kind: "classic_pat", org: "globex", token: 201, owner: "dave", risk_score: 85 },
      { kind: "classic_pat", org: "acme", token: 101, owner: "alice", risk_score: 80 },
      { kind: "fine_grained", org: "acme", token: 11, owner: "alice", risk_score: 70 },
      { kind: "classic_pat", org: "acme", token: 102, owner: "carol", risk_score: 60 },
      { kind: "fine_grained", org: "acme", token: 13, owner: "bob", risk_score: 55 },
      { kind: "oauth_app_token", org: "globex", token: 202, owner: "erin", risk_score: 50 },
      { kind: "fine_grained", org: "acme", token: 12, owner: "bob", risk_score: 40 },
      { kind: "fine_grained", org: "globex", token: 16, owner: "dave", risk_score: 30 },
      { kind: "ssh_key", org: "acme", token: 103, owner: "bob", risk_score: 20 },
    ],
    9: [
      { org: "acme", id: 11, token_name: "token-11", owner: "alice" },
      { org: "acme", id: 14, token_name: "token-14", owner: "carol" },
      { org: "globex", id: 16, token_name: "token-16", owner: "dave" },
    ],
    10: [{ org: "acme", id: 301, owner: "bob", token_name: "request-301", created_at: s.daysAgo(10) }],
  };
}

describe(`docs/sql.md example queries (${process.env.DATABASE_URL ? "Postgres" : "PGlite"})`, () => {
  it("has ten, numbered 1 to 10, each with an expectation here", () => {
    expect(exampleQueries().map((q) => q.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  for (const q of exampleQueries()) {
    it(`${q.n}. ${q.title}`, async () => {
      const result = await engine.sql.query({ text: q.sql });
      const rows = result.rows.map((r) => Object.fromEntries(result.columns.map((c, i) => [c.name, r[i]])));
      expect(rows).toEqual(expected(seed)[q.n]);
      expect(result.truncated).toBe(false);
    });
  }
});
