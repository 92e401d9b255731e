// Rows for the person-view tests: members and SSO credentials (grants, requests and orgs come
// from test/app/factories.ts).
import type { Db } from "../../db/client.ts";
import { credentials, orgMembers, type NewCredential } from "../../db/schema.ts";

let nextId = 90_000;

export async function insertMember({ db, orgId, login, role = "member", leftAt = null }: {
  db: Db; orgId: number; login: string; role?: "admin" | "member"; leftAt?: Date | null;
}): Promise<number> {
  const userId = nextId++;
  await db.insert(orgMembers).values({ orgId, userId, login, role, removedAt: leftAt });
  return userId;
}

export async function insertCredential({ db, orgId, login, spec = {} }: {
  db: Db; orgId: number; login: string; spec?: Partial<NewCredential>;
}): Promise<number> {
  const credentialId = spec.credentialId ?? nextId++;
  await db.insert(credentials).values({
    orgId, credentialId, login, credentialType: "personal access token", tokenLastEight: "abcd1234", scopes: ["repo"],
    authorizedAt: new Date("2026-01-01T00:00:00Z"), ...spec,
  });
  return credentialId;
}
