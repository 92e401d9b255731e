// The views are a contract: their columns are exactly those docs/sql.md lists (same order), the
// credential kinds are model/credentials.ts's, removed rows stay in, and audit details never show a
// secret. PGlite, or Postgres with DATABASE_URL.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../bot/engine.ts";
import type { DbHandle } from "../../db/client.ts";
import { credentialKind, GITHUB_CREDENTIAL_TYPES } from "../../model/credentials.ts";
import { createTestDb } from "../helpers/db.ts";
import { testEngine } from "../helpers/engine.ts";
import { seedSqlViews } from "./seed.ts";

const doc = readFileSync(new URL("../../docs/sql.md", import.meta.url), "utf8");
const VIEWS = ["grants", "grant_repositories", "credentials", "requests", "request_repositories", "people", "audit"];

/** docs/sql.md's "### view" tables under "## The views' columns": view → column names in order. */
function documentedColumns(): Record<string, string[]> {
  const section = doc.split("## The views' columns")[1]!.split("\n## ")[0]!;
  const out: Record<string, string[]> = {};
  for (const block of section.split("\n### ").slice(1)) {
    const [name, ...lines] = block.split("\n");
    out[name!.trim()] = lines.filter((l) => /^\| [a-z_]+ \|/.test(l) && !l.startsWith("| column")).map((l) => l.split("|")[1]!.trim());
  }
  return out;
}

let handle: DbHandle;
let engine: Engine;
beforeAll(async () => {
  handle = await createTestDb();
  await seedSqlViews(handle.db);
  engine = testEngine({ handle });
});
afterAll(() => handle?.close());

async function rows(text: string): Promise<Record<string, unknown>[]> {
  const r = await engine.sql.query({ text });
  return r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c.name, row[i]])));
}

describe("the SQL views", () => {
  it("have exactly the columns docs/sql.md lists, in its order", async () => {
    const documented = documentedColumns();
    expect(Object.keys(documented)).toEqual(VIEWS);
    for (const view of VIEWS) {
      const cols = await rows(`select column_name from information_schema.columns where table_schema = 'patwarden' and table_name = '${view}' order by ordinal_position`);
      expect(cols.map((c) => c.column_name), view).toEqual(documented[view]);
    }
  });

  it("give each of GitHub's credential types model/credentials.ts's kind", async () => {
    // The stored rows, and the view's CASE itself for every type GitHub documents.
    const stored = await rows("select credential_type, kind from credentials order by credential_id");
    for (const r of stored) expect(r.kind).toBe(credentialKind(String(r.credential_type)));
    const viewSql = await rows("select pg_get_viewdef('patwarden.credentials'::regclass) as def");
    for (const type of GITHUB_CREDENTIAL_TYPES) expect(String(viewSql[0]!.def)).toContain(`'${type}'::text THEN '${credentialKind(type)}'::text`);
  });

  it("keep removed grants and credentials, with when and why", async () => {
    expect(await rows("select id, active, removal_reason from grants where not active")).toEqual([{ id: 15, active: false, removal_reason: "revoked_by_patwarden" }]);
    expect(await rows("select credential_id, removed_at is not null as removed from credentials where not active")).toEqual([{ credential_id: 104, removed: true }]);
    expect(await rows("select id, permission_list, 'administration:read' = any(permissions_at_least) as reads from grants where id in (11, 14) order by id")).toEqual([
      { id: 11, permission_list: ["administration:write", "metadata:read"], reads: true },
      { id: 14, permission_list: ["administration:admin"], reads: true },
    ]);
  });

  it("list people per org with their membership", async () => {
    expect(await rows("select org, login, membership, active_grants, removed_grants, active_credentials, pending_requests, max_risk_score from people order by org, login")).toEqual([
      { org: "acme", login: "alice", membership: "owner", active_grants: 1, removed_grants: 1, active_credentials: 1, pending_requests: 1, max_risk_score: 80 },
      { org: "acme", login: "bob", membership: "member", active_grants: 2, removed_grants: 0, active_credentials: 1, pending_requests: 1, max_risk_score: 55 },
      { org: "acme", login: "carol", membership: "left", active_grants: 1, removed_grants: 0, active_credentials: 1, pending_requests: 0, max_risk_score: 90 },
      { org: "globex", login: "alice", membership: "member", active_grants: 1, removed_grants: 0, active_credentials: 0, pending_requests: 0, max_risk_score: 10 },
      { org: "globex", login: "dave", membership: "member", active_grants: 1, removed_grants: 0, active_credentials: 1, pending_requests: 0, max_risk_score: 85 },
      { org: "globex", login: "erin", membership: "left", active_grants: 0, removed_grants: 0, active_credentials: 1, pending_requests: 0, max_risk_score: 50 },
    ]);
  });

  it("cut keys that could hold a secret from audit details", async () => {
    expect(await rows("select details from audit where target_id = '15'")).toEqual([{ details: { batch: 1 } }]);
  });
});
