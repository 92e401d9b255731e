// Engine verbs for orgs: find or resolve by login, list, connection status, pause/resume,
// disconnect, sync now. Each verb takes one object and returns plain data (the embedded-mode bridge
// carries both as JSON: bot/engine-wire.ts); faces reach them through createEngine (bot/engine.ts).
import { findOrgByLogin, listOrgs } from "../../db/queries/orgs.ts";
import type { Org } from "../../db/schema.ts";
import { InvalidInput } from "../../model/errors.ts";
import type { EngineContext } from "../engine-context.ts";

export type { Org };

export function createOrgVerbs(ctx: EngineContext) {
  return {
    /** The org named `login` (any case); an unknown login is InvalidInput on `field`, listing the orgs patwarden knows. */
    async resolve({ login, field = "org" }: { login: string; field?: string }): Promise<Org> {
      const org = await findOrgByLogin({ db: ctx.db, login });
      if (org) return org;
      const known = (await listOrgs({ db: ctx.db })).map((o) => o.login);
      throw new InvalidInput(
        field,
        known.length
          ? `unknown org "${login}"; known orgs: ${known.join(", ")}`
          : `unknown org "${login}"; no orgs are known yet: install the App on the org, then run \`patwarden sync\``,
      );
    },
  };
}
