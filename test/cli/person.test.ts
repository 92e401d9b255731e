// `patwarden person LOGIN`: json is one object with every org, grant, credential, request and the
// history; the table is a summary per org; an unknown person exits 1, bad flags exit 2.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orgs } from "../../db/schema.ts";
import type { DbHandle } from "../../db/client.ts";
import { insertGrant, insertOrg, insertRequest } from "../app/factories.ts";
import { createTestDb } from "../helpers/db.ts";
import { insertCredential, insertMember } from "../people/factories.ts";
import { runCli } from "./run-cli.ts";

let handle: DbHandle;
const now = new Date();
let grantId: number, credentialId: number;

beforeAll(async () => {
  handle = await createTestDb();
  const db = handle.db;
  const acme = await insertOrg({ db, login: "acme" });
  const globex = await insertOrg({ db, login: "globex" });
  // globex has SAML SSO (its credentials are read); acme answered 404 (no SSO).
  await db.update(orgs).set({ credentialsStatus: "available" }).where(eq(orgs.id, globex.id));
  await db.update(orgs).set({ credentialsStatus: "not_available" }).where(eq(orgs.id, acme.id));
  await insertMember({ db, orgId: acme.id, login: "dana", leftAt: new Date(now.getTime() - 86_400_000) });
  await insertMember({ db, orgId: globex.id, login: "dana" });
  grantId = await insertGrant({ db, orgId: acme.id, now, spec: { ownerLogin: "dana", riskScore: 75, tokenName: "deploy-bot" } });
  credentialId = await insertCredential({ db, orgId: globex.id, login: "Dana", spec: { scopes: ["repo", "delete_repo"], riskScore: 60 } });
  await insertRequest({ db, orgId: globex.id, now, spec: { ownerLogin: "dana", tokenName: "wants-more" } });
});
afterAll(() => handle?.close());

const cli = (...argv: string[]) => runCli(["person", ...argv], { db: handle, env: {}, columns: 120 });

describe("patwarden person", () => {
  it("prints one json object with each org's membership, grants, credentials and requests", async () => {
    const r = await cli("dana", "--format", "json");
    expect(r.code).toBe(0);
    const p = JSON.parse(r.out) as Record<string, unknown> & { orgs: { org: string; membership: string; credentials_source: string; credentials_note: string | null; grants: { id: number }[]; credentials: { id: number; kind: string; scopes: string[] }[]; requests: { name: string }[] }[] };
    expect(p).toMatchObject({ login: "dana", max_risk: 75, left_orgs: ["acme"], totals: { grants: 1, credentials: 1, requests: 1 } });
    expect(p.orgs.map((o) => [o.org, o.membership, o.grants.map((g) => g.id), o.credentials.map((c) => c.id)]))
      .toEqual([["acme", "left", [grantId], []], ["globex", "member", [], [credentialId]]]);
    expect(p.orgs[1]!.credentials[0]).toMatchObject({ kind: "classic_pat", scopes: ["repo", "delete_repo"], token_last_eight: "abcd1234" });
    expect(p.orgs[1]!.requests.map((q) => q.name)).toEqual(["wants-more"]);
    // An org whose SSO credentials are not read says so, rather than holding "no credentials".
    expect(p.orgs.map((o) => [o.credentials_source, o.credentials_note])).toEqual([
      ["not_available", "SSO credential authorizations: not available — needs Enterprise Cloud with SAML SSO"], ["available", null],
    ]);
    expect(p).toHaveProperty("history.removed", []);
  });

  it("limits to --orgs and prints a table per org", async () => {
    const r = await cli("DANA", "--orgs", "acme");
    expect(r.code).toBe(0);
    expect(r.out).toContain("dana — highest risk 75");
    expect(r.out).toContain("left: acme");
    expect(r.out).toMatch(/acme: left \(since \d{4}-\d\d-\d\d\) — 1 grant, SSO credentials not read, 0 pending requests/);
    expect(r.out).toContain("  SSO credential authorizations: not available — needs Enterprise Cloud with SAML SSO");
    expect(r.out).toContain("deploy-bot");
    expect(r.out).not.toContain("globex");
  });

  it("exits 1 for a person patwarden never saw, 2 for bad flags", async () => {
    const unknown = await cli("nobody-at-all");
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("nobody-at-all has no membership, grant, credential or request in any of 2 orgs that patwarden knows of.");
    expect((await cli("dana", "--format", "csv")).code).toBe(2);
    expect((await cli("dana", "--orgs", "nope")).err).toContain("--orgs: unknown org \"nope\"");
    expect((await cli("dana", "--bogus")).code).toBe(2);
    expect((await cli()).code).toBe(2);
  });
});
