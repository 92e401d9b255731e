// Credential authorization rows for the inventory tests (orgs come from test/app/factories.ts).
import type { Db } from "../../db/client.ts";
import { credentials, type NewCredential } from "../../db/schema.ts";

let nextId = 700_000;

/** One stored authorization: a classic PAT with `repo` unless the spec says otherwise. */
export async function insertCredential({ db, orgId, spec = {} }: { db: Db; orgId: number; spec?: Partial<NewCredential> }): Promise<number> {
  const credentialId = spec.credentialId ?? nextId++;
  await db.insert(credentials).values({
    orgId, credentialId, login: "octocat", credentialType: "personal access token", tokenLastEight: `${credentialId}`.padStart(8, "0").slice(-8),
    scopes: ["repo"], authorizedAt: new Date("2030-01-01T00:00:00Z"), ...spec,
  });
  return credentialId;
}
