// The credentials filter table (model/credential-filter.ts): URL params and CLI flags parse to one
// typed filter, write back to the same URL, and bad values name the field and what it allows.
import { describe, expect, it } from "vitest";
import { encodeCredentialCursor } from "../../model/credential-cursor.ts";
import { credentialFilterFlags, credentialFilterHelp, parseCredentialQuery, toCredentialSearchParams } from "../../model/credential-filter.ts";
import { encodeGrantCursor } from "../../model/grant-cursor.ts";
import { InvalidInput } from "../../model/errors.ts";

const parse = (input: Record<string, string | string[] | boolean>, strict = false) =>
  parseCredentialQuery({ input, label: (k) => `--${k}`, strict });

function failure(input: Record<string, string | string[] | boolean>, strict = true): InvalidInput {
  try {
    parse(input, strict);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInput);
    return e as InvalidInput;
  }
  throw new Error("expected InvalidInput");
}

describe("parseCredentialQuery", () => {
  it("parses every field, and the URL form parses back to the same query", () => {
    const q = parse({
      type: ["classic_pat,ssh_key", "SSH_KEY"], owner: ["Alice", "bob,alice"], scope: ["repo,admin:org", "delete_repo"],
      "accessed-before": "2030-01-31", "accessed-after": "2029-01-01T12:00:00Z", "never-accessed": true, "no-expiry": true,
      expired: "yes", "owner-left": true, "risk-min": "60", q: "deploy", state: "all", sort: "risk", "per-page": "20",
    });
    expect(q.filter).toEqual({
      type: ["classic_pat", "ssh_key"], owner: ["alice", "bob"], scope: ["repo", "admin:org", "delete_repo"],
      accessedBefore: new Date("2030-01-31T00:00:00Z"), accessedAfter: new Date("2029-01-01T12:00:00Z"),
      neverAccessed: true, noExpiry: true, expired: true, ownerLeft: true, riskMin: 60, q: "deploy", state: "all",
    });
    expect(q).toMatchObject({ sort: "risk", direction: "desc", perPage: 20 });
    const back = Object.fromEntries([...new Set(toCredentialSearchParams(q).keys())].map((k) => [k, toCredentialSearchParams(q).getAll(k)]));
    expect(parseCredentialQuery({ input: back })).toEqual(q);
  });

  it("defaults: active, newest authorization first, 50 a page; a false flag is no filter", () => {
    expect(parse({ expired: false })).toEqual({ filter: {}, sort: "authorized", direction: "desc", perPage: 50 });
    expect(parse({ sort: "owner" }).direction).toBe("asc");
  });

  it.each([
    [{ type: "fine_grained" }, "--type", "expected one of classic_pat, ssh_key, oauth_app_token, github_app_token"],
    [{ scope: "repo status" }, "--scope", "expected an OAuth scope such as repo"],
    [{ "accessed-before": "2030-02-30" }, "--accessed-before", "not a real date"],
    [{ "accessed-after": "last week" }, "--accessed-after", "expected an ISO date"],
    [{ "risk-min": "101" }, "--risk-min", "from 0 to 100"],
    [{ expired: "maybe" }, "--expired", "expected true or false"],
    [{ state: "gone" }, "--state", "expected one of active, removed, all"],
    [{ sort: "name" }, "--sort", "expected one of owner, type, accessed, authorized, expires, risk, id"],
    [{ "per-page": "501" }, "--per-page", "from 1 to 500"],
    [{ "never-used": true }, "--never-used", "did you mean --never-accessed"],
  ])("%j is refused naming %s", (input, field, message) => {
    const e = failure(input);
    expect(e.field).toBe(field);
    expect(e.message).toContain(message);
  });

  it("refuses a cursor of grants, of another sort, and after with before", () => {
    const grants = encodeGrantCursor({ sort: "owner", direction: "asc", key: "a", id: 1 });
    expect(failure({ sort: "owner", after: grants }).message).toContain("not a credentials cursor");
    const byRisk = encodeCredentialCursor({ sort: "risk", direction: "desc", key: "50", id: 7 });
    expect(failure({ sort: "owner", after: byRisk }).message).toContain("sorted by risk desc, not owner asc");
    expect(parse({ sort: "risk", after: byRisk }).after).toBe(byRisk);
    expect(failure({ sort: "risk", after: byRisk, before: byRisk }).field).toBe("--before");
  });

  it("derives CLI flags and help from the table", () => {
    const flags = credentialFilterFlags();
    expect(flags["never-accessed"]).toEqual({ type: "boolean" });
    expect(flags.scope).toEqual({ type: "string", multiple: true });
    expect(flags["risk-min"]).toEqual({ type: "string", multiple: false });
    expect(flags.after).toEqual({ type: "string" });
    for (const f of ["--type", "--owner", "--scope", "--accessed-before", "--never-accessed", "--no-expiry", "--owner-left", "--risk-min", "--q", "--state"]) {
      expect(credentialFilterHelp()).toContain(f);
    }
  });
});
