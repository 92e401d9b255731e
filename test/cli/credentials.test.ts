// `patwarden credentials` against a synced simulator org with SAML SSO: json equals the simulator's
// truth (GET /orgs/{org}/credential-authorizations, every page) field for field; filters select
// what they say; an org without SSO lists nothing and says why (exit 0); bad values exit 2.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../server/harness.ts";
import { runCli } from "./run-cli.ts";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: "acme", grants: 5, members: 30, sso: true, credentials: 60 }, { login: "globex", grants: 3 }] });
}, 120_000);
afterAll(() => stack?.close());

const cli = (...argv: string[]) => runCli(argv, { db: stack.handle, env: stack.rawEnv });
type Row = Record<string, unknown> & { credential_id: number; login: string };
const json = async (...argv: string[]) => {
  const r = await cli("credentials", ...argv, "--format", "json");
  expect([r.code, r.err]).toEqual([0, ""]);
  return JSON.parse(r.out) as Row[];
};
const byId = (a: { credential_id: number }, b: { credential_id: number }) => a.credential_id - b.credential_id;

/** GitHub's fields of credential-authorization; a type leaves some out (SSH keys have no token fields). */
const GITHUB_FIELDS = [
  "login", "credential_id", "credential_type", "token_last_eight", "scopes", "fingerprint", "credential_authorized_at", "credential_accessed_at",
  "authorized_credential_id", "authorized_credential_title", "authorized_credential_note", "authorized_credential_expires_at",
] as const;

describe("patwarden credentials", () => {
  it("json equals the simulator's truth field for field, every page", async () => {
    const truth = stack.sim.control.credentials("acme").sort(byId);
    expect(truth.length).toBe(60);
    const rows = (await json("--org", "acme")).sort(byId);
    expect(rows.map((r) => r.credential_id)).toEqual(truth.map((t) => t.credential_id));
    for (const [i, t] of truth.entries()) {
      const ours = rows[i]!;
      for (const f of GITHUB_FIELDS) {
        const theirs = (t as Record<string, unknown>)[f];
        // What GitHub leaves out for the type is null with us ([] for scopes).
        expect([f, ours[f]]).toEqual([f, theirs === undefined ? (f === "scopes" ? [] : null) : theirs]);
      }
      expect(ours).toHaveProperty("risk_score");
      expect(ours.removed_at).toBeNull();
    }
  });

  it("filters: type, scope, never accessed, owner, search; a page with its cursor", async () => {
    const truth = stack.sim.control.credentials("acme");
    const ssh = await json("--org", "acme", "--type", "ssh_key");
    expect(ssh.map((r) => r.credential_id).sort()).toEqual(truth.filter((t) => t.credential_type === "SSH key").map((t) => t.credential_id).sort());
    const broad = await json("--org", "acme", "--scope", "admin:org,delete_repo");
    expect(broad.map((r) => r.credential_id).sort()).toEqual(truth.filter((t) => t.scopes?.some((s) => s === "admin:org" || s === "delete_repo")).map((t) => t.credential_id).sort());
    const never = await json("--org", "acme", "--never-accessed");
    expect(never.length).toBe(truth.filter((t) => t.credential_accessed_at === null).length);
    const login = truth[0]!.login;
    const mine = await json("--org", "acme", "--owner", login.toUpperCase());
    expect(mine.map((r) => r.credential_id).sort()).toEqual(truth.filter((t) => t.login === login).map((t) => t.credential_id).sort());
    const page = await json("--org", "acme", "--sort", "risk", "--per-page", "7");
    expect(page.length).toBe(7);
    expect(page.every((r) => typeof r.cursor === "string")).toBe(true);
    const next = await json("--org", "acme", "--sort", "risk", "--per-page", "7", "--after", page[6]!.cursor as string);
    const all = await json("--org", "acme", "--sort", "risk");
    expect([...page, ...next].map((r) => r.credential_id)).toEqual(all.slice(0, 14).map((r) => r.credential_id));
  });

  it("table: short columns and a count; csv has GitHub's names", async () => {
    const table = await cli("credentials", "--org", "acme", "--type", "classic_pat", "--wide");
    expect(table.code).toBe(0);
    expect(table.out.split("\n")[0]).toMatch(/^\s*ID\s+Type\s+Owner\s+Scopes\s+Key\s+Accessed\s+Expires\s+Risk/);
    expect(table.out).toContain("classic PAT");
    expect(table.err).toMatch(/^\d+ of \d+ matching credentials in acme\n$/);
    const csv = await cli("credentials", "--org", "acme", "--format", "csv");
    expect(csv.out.split("\n")[0]).toBe("credential_id,login,credential_type,token_last_eight,fingerprint,scopes,credential_authorized_at,credential_accessed_at,authorized_credential_id,authorized_credential_title,authorized_credential_note,authorized_credential_expires_at,owner_is_member,risk_score,risk_reasons,removed_at,removal_reason");
    expect(csv.out.trim().split("\n").length).toBe(61);
  });

  it("an org without SSO: the status sentence on stderr, an empty list, exit 0", async () => {
    const r = await cli("credentials", "--org", "globex", "--format", "json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual([]);
    expect(r.err).toBe("globex: SSO credential authorizations: not available — needs Enterprise Cloud with SAML SSO\n");
  });

  it("--org all: acme's rows with their org, globex said on stderr", async () => {
    const r = await cli("credentials", "--org", "all", "--format", "json");
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as Row[];
    expect(rows.length).toBe(60);
    expect(rows.every((row) => Object.keys(row)[0] === "org" && row.org === "acme")).toBe(true);
    expect(r.err).toContain("globex: SSO credential authorizations: not available");
  });

  it.each([
    [["--type", "fine_grained_pat"], "--type", "expected one of classic_pat, ssh_key, oauth_app_token, github_app_token"],
    [["--accessed-before", "yesterday"], "--accessed-before", "expected an ISO date"],
    [["--risk-min", "500"], "--risk-min", "from 0 to 100"],
    [["--never-used"], "--never-used", "unknown flag"],
    [["--after", "nonsense"], "--after", "not a credentials cursor"],
  ])("bad input %j exits 2 naming %s", async (argv, field, message) => {
    const r = await cli("credentials", "--org", "acme", ...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(field);
    expect(r.err).toContain(message);
  });
});
