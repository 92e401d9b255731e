// Two orgs whose answers to docs/sql.md's example queries are known: a few grants, credentials,
// members, requests and audit entries each, placed in time relative to now (the views use now()).
import type { Db } from "../../db/client.ts";
import { auditLog } from "../../db/schema.ts";
import { insertGrant, insertOrg, insertRequest } from "../app/factories.ts";
import { insertCredential } from "../credentials/factories.ts";
import { insertMember } from "../people/factories.ts";

const DAY = 86_400_000;

export type SqlSeed = { now: Date; daysAgo: (n: number) => Date; acme: number; globex: number };

export async function seedSqlViews(db: Db): Promise<SqlSeed> {
  const now = new Date();
  const daysAgo = (n: number) => new Date(now.getTime() - n * DAY);
  const acme = (await insertOrg({ db, login: "acme" })).id;
  const globex = (await insertOrg({ db, login: "globex" })).id;

  await insertMember({ db, orgId: acme, login: "alice", role: "admin" });
  await insertMember({ db, orgId: acme, login: "bob" });
  await insertMember({ db, orgId: acme, login: "carol", leftAt: daysAgo(10) });
  await insertMember({ db, orgId: globex, login: "alice" });
  await insertMember({ db, orgId: globex, login: "dave" });

  const grant = (orgId: number, spec: Parameters<typeof insertGrant>[0]["spec"]) => insertGrant({ db, orgId, now, spec });
  // Granted 400 days ago (the factory's default); all repositories unless repositories are given.
  await grant(acme, { id: 11, ownerLogin: "alice", lastUsedDaysAgo: 5, expiresInDays: 100, riskScore: 70, permissions: { repository: { administration: "write", metadata: "read" } } });
  await grant(acme, { id: 12, ownerLogin: "bob", lastUsedDaysAgo: null, expiresInDays: 10, riskScore: 40, permissions: { repository: { contents: "read" } }, repositories: ["api", "web"] });
  await grant(acme, { id: 13, ownerLogin: "bob", lastUsedDaysAgo: 200, expiresInDays: null, riskScore: 55, permissions: { repository: { contents: "write" } }, repositories: ["api"] });
  await grant(acme, { id: 14, ownerLogin: "carol", ownerIsMember: false, lastUsedDaysAgo: 100, expiresInDays: 200, riskScore: 90, permissions: { repository: { administration: "admin" } } });
  await grant(acme, { id: 15, ownerLogin: "alice", lastUsedDaysAgo: 300, riskScore: 95, removedAt: daysAgo(3), removalReason: "revoked_by_patwarden", permissions: { repository: { administration: "write" } } });
  await grant(globex, { id: 16, ownerLogin: "dave", lastUsedDaysAgo: 1, expiresInDays: 5, riskScore: 30, permissions: { repository: { issues: "write" } } });
  await grant(globex, { id: 17, ownerLogin: "alice", lastUsedDaysAgo: 95, expiresInDays: 60, riskScore: 10, permissions: { repository: { contents: "read" } }, repositories: ["docs"] });

  const credential = (orgId: number, spec: Parameters<typeof insertCredential>[0]["spec"]) => insertCredential({ db, orgId, spec });
  await credential(acme, { credentialId: 101, login: "alice", scopes: ["repo", "admin:org"], expiresAt: null, riskScore: 80 });
  await credential(acme, { credentialId: 102, login: "carol", scopes: ["repo"], expiresAt: new Date(now.getTime() + 30 * DAY), ownerIsMember: false, riskScore: 60 });
  await credential(acme, { credentialId: 103, login: "bob", credentialType: "SSH key", scopes: [], tokenLastEight: null, fingerprint: "SHA256:abc", riskScore: 20 });
  await credential(acme, { credentialId: 104, login: "bob", scopes: ["repo"], riskScore: 75, removedAt: daysAgo(2), removalReason: "revoked_by_patwarden" });
  await credential(globex, { credentialId: 201, login: "dave", scopes: ["repo", "workflow"], riskScore: 85 });
  await credential(globex, { credentialId: 202, login: "erin", credentialType: "OAuth app token", scopes: ["read:org"], ownerIsMember: false, riskScore: 50 });

  await insertRequest({ db, orgId: acme, now, spec: { id: 301, ownerLogin: "bob", createdAt: daysAgo(10) } });
  await insertRequest({ db, orgId: acme, now, spec: { id: 302, ownerLogin: "alice", createdAt: daysAgo(2) } });
  await insertRequest({ db, orgId: globex, now, spec: { id: 303, ownerLogin: "dave", createdAt: daysAgo(20), status: "approved", resolvedAt: daysAgo(19) } });

  const audit = (orgId: number, at: Date, action: string, targetId: string, result: "success" | "failure", reason: string, details: Record<string, unknown> = {}) =>
    db.insert(auditLog).values({ orgId, at, actor: "alice", actorType: "user", action, targetType: action.split(".")[0]!, targetId, reason, result, details });
  await audit(acme, daysAgo(3), "grant.revoke", "15", "success", "left the team", { secret: "ghp_never_shown", password: "hunter2", batch: 1 });
  await audit(acme, daysAgo(2), "credential.remove", "104", "success", "offboarding");
  await audit(acme, daysAgo(1), "grant.revoke", "12", "failure", "retry later");
  await audit(globex, daysAgo(40), "grant.revoke", "99", "success", "old news");
  return { now, daysAgo, acme, globex };
}
