import { describe, expect, it } from "vitest";
import { allows, decideAccess, refreshOrgRoles, resolveOrgAccess } from "../../app/_lib/access.ts";
import type { GitHubUserApi, Membership } from "../../app/_lib/github-user.ts";
import { parseSecurityTeams } from "../../app/_lib/security-teams.ts";
import { ROLE_TTL_MS, type Session } from "../../app/_lib/session.ts";

/** A fake GitHub that knows memberships per (org, login) and team members per org, and counts calls. */
function fakeGitHub({ memberships, teams = {} }: {
  memberships: Record<string, Record<string, Membership>>; teams?: Record<string, Record<string, string[]>>;
}) {
  const calls: string[] = [];
  const api: GitHubUserApi = {
    authorizeUrl: () => "http://gh/authorize",
    exchangeCode: async () => "tok",
    getUser: async ({ token }) => ({ id: 1, login: token, name: null, avatarUrl: null }),
    getOrgMembership: async ({ token, org }) => {
      calls.push(`membership ${org}`);
      return memberships[org]?.[token] ?? null;
    },
    getTeamMembership: async ({ org, team, login }) => {
      calls.push(`team ${org}/${team}`);
      return teams[org]?.[team]?.includes(login) ? { state: "active" } : null;
    },
  };
  return { api, calls };
}

const now = new Date("2026-03-01T12:00:00Z");
const sessionFor = (login: string, orgs: Session["orgs"] = {}): Session => ({
  user: { id: 1, login, name: null, avatarUrl: null }, token: login, orgs, signedInAt: now.getTime() - 1000,
});
const gh = fakeGitHub({
  memberships: {
    acme: { alice: { role: "admin", state: "active" }, bob: { role: "member", state: "active" }, sec: { role: "member", state: "active" }, pend: { role: "admin", state: "pending" } },
    globex: { gina: { role: "admin", state: "active" }, sec: { role: "member", state: "active" } },
  },
  teams: { acme: { security: ["sec"] }, globex: { secops: ["sec"] } },
});
const teams = parseSecurityTeams("acme:security:revoke,globex:secops:read");
const check = (session: Session | null, org: string) => resolveOrgAccess({ session, org, api: gh.api, teams, now });

describe("who may see an org", () => {
  it("signed out: nothing", async () => {
    expect((await check(null, "acme")).access).toBeNull();
  });

  it("an owner sees and manages their org, in any letter case", async () => {
    const { access } = await check(sessionFor("alice"), "ACME");
    expect(access).toEqual({ via: "owner", canRevoke: true, canManage: true });
  });

  it("a plain member, a pending owner and an owner of another org see nothing", async () => {
    expect((await check(sessionFor("bob"), "acme")).access).toBeNull();
    expect((await check(sessionFor("pend"), "acme")).access).toBeNull();
    expect((await check(sessionFor("gina"), "acme")).access).toBeNull();
    expect((await check(sessionFor("alice"), "globex")).access).toBeNull();
  });

  it("a security-team member gets the configured mode, never management", async () => {
    expect((await check(sessionFor("sec"), "acme")).access).toEqual({ via: "security-team", canRevoke: true, canManage: false });
    const readOnly = (await check(sessionFor("sec"), "globex")).access;
    expect(readOnly).toEqual({ via: "security-team", canRevoke: false, canManage: false });
    expect(allows(readOnly, "view")).toBe(true);
    expect(allows(readOnly, "revoke")).toBe(false);
    expect(allows(readOnly, "manage")).toBe(false);
  });

  it("a team without configuration grants nothing", async () => {
    const unconfigured = parseSecurityTeams("");
    const r = await resolveOrgAccess({ session: sessionFor("sec"), org: "acme", api: gh.api, teams: unconfigured, now });
    expect(r.access).toBeNull();
  });

  it("trusts a cached role for five minutes, then asks GitHub again", async () => {
    const cachedOwner = { acme: { role: "admin" as const, team: false, checkedAt: now.getTime() - ROLE_TTL_MS + 1000 } };
    gh.calls.length = 0;
    // bob is only a member in GitHub, but the fresh cache says owner: no call is made.
    expect((await check(sessionFor("bob", cachedOwner), "acme")).access?.via).toBe("owner");
    expect(gh.calls).toEqual([]);
    const stale = { acme: { ...cachedOwner.acme, checkedAt: now.getTime() - ROLE_TTL_MS } };
    expect((await check(sessionFor("bob", stale), "acme")).access).toBeNull();
    expect(gh.calls).toEqual(["membership acme", "team acme/security"]);
  });

  it("a cached role from the future is not trusted", async () => {
    const future = { acme: { role: "admin" as const, team: false, checkedAt: now.getTime() + 60_000 } };
    expect((await check(sessionFor("bob", future), "acme")).access).toBeNull();
  });

  it("decideAccess: a team flag without org membership grants nothing", () => {
    expect(decideAccess({ role: { role: "none", team: true, checkedAt: 0 }, team: { team: "security", mode: "revoke" } })).toBeNull();
  });
});

describe("refreshing the roles cached in the session", () => {
  it("re-checks stale and missing orgs, keeps fresh ones, drops uninstalled ones", async () => {
    const session = sessionFor("sec", {
      acme: { role: "member", team: true, checkedAt: now.getTime() - 1000 },
      globex: { role: "member", team: false, checkedAt: now.getTime() - ROLE_TTL_MS - 1 },
      gone: { role: "admin", team: false, checkedAt: now.getTime() },
    });
    gh.calls.length = 0;
    const r = await refreshOrgRoles({ session, orgLogins: ["acme", "Globex", "initech"], api: gh.api, teams, now });
    expect(r.changed).toBe(true);
    expect(Object.keys(r.session.orgs).sort()).toEqual(["acme", "globex", "initech"]);
    expect(r.session.orgs.globex).toEqual({ role: "member", team: true, checkedAt: now.getTime() });
    expect(r.session.orgs.initech?.role).toBe("none");
    expect(gh.calls).toEqual(["membership globex", "team globex/secops", "membership initech"]);
  });

  it("changes nothing when every role is fresh", async () => {
    const session = sessionFor("alice", { acme: { role: "admin", team: false, checkedAt: now.getTime() } });
    const r = await refreshOrgRoles({ session, orgLogins: ["acme"], api: gh.api, teams, now });
    expect(r).toEqual({ session, changed: false });
  });
});

describe("SECURITY_TEAMS", () => {
  it("parses org:team:mode entries", () => {
    expect(parseSecurityTeams(" Acme:Security:revoke , globex:secops:read ")).toEqual({
      acme: { team: "security", mode: "revoke" }, globex: { team: "secops", mode: "read" },
    });
    expect(parseSecurityTeams(undefined)).toEqual({});
  });

  it("names the variable and the bad entry", () => {
    expect(() => parseSecurityTeams("acme:security:write")).toThrow(/SECURITY_TEAMS.*acme:security:write.*read or revoke/);
    expect(() => parseSecurityTeams("acme:security")).toThrow(/SECURITY_TEAMS/);
    expect(() => parseSecurityTeams("acme:a:read,ACME:b:read")).toThrow(/listed twice/);
  });
});
