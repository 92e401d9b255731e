import { describe, expect, it } from "vitest";
import { InvalidInput } from "../../model/errors.ts";
import { parseGrantQuery, toGrantSearchParams } from "../../model/grant-filter.ts";

const cli = (input: Record<string, string | boolean | string[]>) =>
  parseGrantQuery({ input, label: (k) => `--${k}`, strict: true });
const errorOf = (input: Record<string, string | boolean | string[]>): InvalidInput => {
  try {
    cli(input);
  } catch (e) {
    if (e instanceof InvalidInput) return e;
    throw e;
  }
  throw new Error("expected InvalidInput");
};

describe("parseGrantQuery", () => {
  it("defaults to active grants, newest grant first, 50 a page", () => {
    expect(cli({})).toEqual({ filter: {}, sort: "granted", direction: "desc", page: 1, perPage: 50 });
  });

  it("reads lists repeated or comma-joined, booleans from flags or strings", () => {
    const q = cli({ owner: ["Alice,bob", "carol"], selection: "all,subset", expired: true, "no-expiry": "", "owner-left": "false" });
    expect(q.filter).toEqual({ owner: ["alice", "bob", "carol"], selection: ["all", "subset"], expired: true, noExpiry: true });
  });

  it("reads permissions as name:level, the level defaulting to read", () => {
    expect(cli({ permission: ["contents:write", "Pull-Requests"] }).filter.permission).toEqual([
      { name: "contents", level: "write" },
      { name: "pull_requests", level: "read" },
    ]);
  });

  it("reads dates as UTC midnight, date-times with or without a zone", () => {
    const q = cli({ "last-used-before": "2024-02-01", "last-used-after": "2024-01-01T10:30:00+02:00" });
    expect(q.filter.lastUsedBefore?.toISOString()).toBe("2024-02-01T00:00:00.000Z");
    expect(q.filter.lastUsedAfter?.toISOString()).toBe("2024-01-01T08:30:00.000Z");
  });

  it("accepts real calendar days, leap days included", () => {
    expect(cli({ "last-used-before": "2024-02-29" }).filter.lastUsedBefore?.toISOString()).toBe("2024-02-29T00:00:00.000Z");
    expect(cli({ "expires-after": "2024-12-31T23:59:59Z" }).filter.expiresAfter?.toISOString()).toBe("2024-12-31T23:59:59.000Z");
  });

  it("reads a repository as NAME or OWNER/NAME, as typed", () => {
    expect(cli({ repository: "data-proto" }).filter.repository).toBe("data-proto");
    expect(cli({ repository: " Acme/Data-Proto " }).filter.repository).toBe("Acme/Data-Proto");
  });

  it("round-trips through URL search params", () => {
    const q = cli({ owner: "a,b", permission: "issues:write", "stale-days": "30", selection: "none", search: "ci", sort: "owner", page: "3" });
    const again = parseGrantQuery({ input: Object.fromEntries([...new Set(toGrantSearchParams(q).keys())].map((k) => [k, toGrantSearchParams(q).getAll(k)])) });
    expect(again).toEqual(q);
  });

  it.each([
    [{ "stale-days": "abc" }, '--stale-days: must be a positive whole number of days, got "abc"'],
    [{ "stale-days": "-3" }, '--stale-days: must be a positive whole number of days, got "-3"'],
    [{ "stale-days": "0" }, '--stale-days: must be a positive whole number of days, got "0"'],
    [{ "expiring-within": "1.5" }, '--expiring-within: must be a positive whole number of days, got "1.5"'],
    [{ "per-page": "501" }, '--per-page: must be a whole number from 1 to 500, got "501"'],
    [{ page: "0" }, '--page: must be a positive whole number, got "0"'],
    [{ "last-used-before": "2025-02-30" }, '--last-used-before: "2025-02-30" is not a real date or time'],
    [{ "last-used-before": "2023-02-29" }, '--last-used-before: "2023-02-29" is not a real date or time'],
    [{ "last-used-after": "2024-04-31T10:00:00Z" }, '--last-used-after: "2024-04-31T10:00:00Z" is not a real date or time'],
    [{ "expires-after": "2024-01-01T24:00" }, '--expires-after: "2024-01-01T24:00" is not a real date or time'],
    [{ "expires-after": "2024-01-01T10:60:00Z" }, '--expires-after: expected an ISO date'],
    [{ repository: "acme/data/proto" }, '--repository: expected a repository as NAME or OWNER/NAME'],
    [{ repository: "/data-proto" }, '--repository: expected a repository as NAME or OWNER/NAME'],
    [{ "stale-dayz": "3" }, "--stale-dayz: unknown filter; did you mean --stale-days?"],
    [{ "last-used-before": "last tuesday" }, '--last-used-before: expected an ISO date (2024-01-31) or date-time (2024-01-31T12:00:00Z), got "last tuesday"'],
    [{ "last-used-after": "2024-13-45" }, "--last-used-after: expected an ISO date"],
    [{ selection: "some" }, '--selection: expected one of none, all, subset, got "some"'],
    [{ sort: "size" }, '--sort: expected one of owner, name, last-used, expires, granted, selection, risk, id, got "size"'],
    [{ "lifetime-over": "ten" }, '--lifetime-over: must be a whole number of days from 0 to 36500, got "ten"'],
    [{ "lifetime-over": "36501" }, '--lifetime-over: must be a whole number of days from 0 to 36500, got "36501"'],
    [{ "risk-min": "101" }, '--risk-min: must be a whole number from 0 to 100, got "101"'],
    [{ "risk-min": "-1" }, '--risk-min: must be a whole number from 0 to 100, got "-1"'],
    [{ "expires-after": "soon" }, '--expires-after: expected an ISO date (2024-01-31) or date-time (2024-01-31T12:00:00Z), got "soon"'],
    [{ "all-repos-write": "maybe" }, '--all-repos-write: expected true or false (or no value), got "maybe"'],
    [{ "permission-any": "secrets:admin" }, '--permission-any: secrets takes the level read or write, got "admin"'],
    [{ "permission-any": "secret:write" }, '--permission-any: unknown permission "secret"; did you mean'],
    [{ direction: "up" }, '--direction: expected one of asc, desc, got "up"'],
    [{ expired: "perhaps" }, '--expired: expected true or false (or no value), got "perhaps"'],
    [{ permission: "contnets:write" }, '--permission: unknown permission "contnets"; did you mean contents?'],
    [{ permission: "contents:admin" }, '--permission: contents takes the level read or write, got "admin"'],
    [{ permission: "workflows:read" }, '--permission: workflows takes the level write, got "read"'],
    [{ permission: "a:b:c" }, "--permission: expected name:level such as contents:write"],
    [{ colour: "red" }, "--colour: unknown filter; allowed: owner, repository, permission"],
  ])("rejects %j with a message naming the flag", (input, message) => {
    const err = errorOf(input);
    expect(err.message.startsWith(message)).toBe(true);
    expect(`--${err.message.split(": ")[0]!.replace(/^--/, "")}`).toBe(err.field);
  });

  it("reads the governance filters and sorts risk riskiest first", () => {
    const q = cli({ "permission-any": ["administration:write,secrets:read"], "all-repos-write": true, "lifetime-over": "366", "expires-after": "2030-01-01", "risk-min": "70", sort: "risk" });
    expect(q.filter).toEqual({
      permissionAny: [{ name: "administration", level: "write" }, { name: "secrets", level: "read" }],
      allReposWrite: true,
      lifetimeOverDays: 366,
      expiresAfter: new Date("2030-01-01T00:00:00Z"),
      riskMin: 70,
    });
    expect(q.direction).toBe("desc");
    const again = parseGrantQuery({ input: Object.fromEntries([...new Set(toGrantSearchParams(q).keys())].map((k) => [k, toGrantSearchParams(q).getAll(k)])) });
    expect(again).toEqual(q);
  });

  it("ignores keys that are not filters when not strict (URLs carry other params)", () => {
    expect(parseGrantQuery({ input: { utm_source: "mail", owner: "a" } }).filter).toEqual({ owner: ["a"] });
  });
});
