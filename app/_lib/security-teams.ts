// Which team of each org may use the dashboard besides the owners, and whether it may revoke.
// SECURITY_TEAMS="acme:security:revoke,globex:secops:read" (org:team-slug:read|revoke).
// Kept in the environment until orgs get a settings column (see the dashboard report).
import { z } from "zod";
import { InvalidInput } from "../../model/errors.ts";

export const TEAM_MODES = ["read", "revoke"] as const;
export type TeamMode = (typeof TEAM_MODES)[number];
export type SecurityTeam = { team: string; mode: TeamMode };
/** Keyed by lower-cased org login. */
export type SecurityTeams = Record<string, SecurityTeam>;

const SLUG = /^[a-z0-9][a-z0-9._-]*$/i;
const EntrySchema = z
  .string()
  .transform((s) => s.trim().split(":").map((p) => p.trim()))
  .pipe(
    z.tuple([
      z.string().regex(SLUG, "org login expected"),
      z.string().regex(SLUG, "team slug expected"),
      z.enum(TEAM_MODES, { message: "mode must be read or revoke" }),
    ]),
  );

export function parseSecurityTeams(raw: string | undefined): SecurityTeams {
  const out: SecurityTeams = {};
  for (const entry of (raw ?? "").split(",").map((e) => e.trim()).filter(Boolean)) {
    const parsed = EntrySchema.safeParse(entry);
    if (!parsed.success) {
      throw new InvalidInput(
        "SECURITY_TEAMS",
        `${JSON.stringify(entry)} is not org:team:read or org:team:revoke (${parsed.error.issues[0]?.message ?? "invalid"}); example: acme:security:revoke,globex:secops:read`,
      );
    }
    const [org, team, mode] = parsed.data;
    const key = org.toLowerCase();
    if (out[key]) throw new InvalidInput("SECURITY_TEAMS", `org ${org} is listed twice; give each org one team`);
    out[key] = { team: team.toLowerCase(), mode };
  }
  return out;
}
