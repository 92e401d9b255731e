// --org LOGIN → the org row, case-insensitively; an unknown login lists the orgs patwarden knows.
import type { Db } from "../../db/client.ts";
import { findOrgByLogin, listOrgs } from "../../db/queries/orgs.ts";
import type { Org } from "../../db/schema.ts";
import { InvalidInput } from "../../model/errors.ts";

export async function resolveOrg({ db, login }: { db: Db; login: string }): Promise<Org> {
  const org = await findOrgByLogin({ db, login });
  if (org) return org;
  const known = (await listOrgs({ db })).map((o) => o.login);
  throw new InvalidInput(
    "--org",
    known.length
      ? `unknown org "${login}"; known orgs: ${known.join(", ")}`
      : `unknown org "${login}"; no orgs are known yet: install the App on the org, then run \`patwarden sync\``,
  );
}
