// `--org LOGIN | all` for every list command: one org, or every installed org, and the `org`
// field/column a list gets when it spans orgs. The shape follows the flag, not the data: with
// `--org all` every row carries `org` even when one org is installed, so a script reads one shape.
//
// GitHub does not reserve the login "all" (it reserves "any", "none", …), so an org may be named
// so: `all` always means every installed org (that one among them), and `@all` names that org
// alone ("@" is not a login character; `@LOGIN` works for any login).
import type { Engine } from "../engine.ts";
import type { Org } from "../orgs/verbs.ts";
import { InvalidInput } from "../../model/errors.ts";
import type { OutputFormat } from "./args.ts";
import type { Column } from "./format.ts";

export type OrgScope = {
  /** `--org all` was given: rows carry `org`. */
  all: boolean;
  /** The orgs to list, by login (case-insensitive); empty when `all` finds no installed org. */
  orgs: Org[];
};

/** The help lines every list command prints for --org. */
export const ORG_SCOPE_HELP = `  --org LOGIN | all           one org, or all: every org where the App is installed (active or
                              suspended; uninstalled orgs are left out), each row with its "org";
                              an org that is really named "all" alone: --org @all`;

const ALL = "all";

/** Parses the flag's text without any lookup: `{ all: true }` or the login (an "@" prefix stripped). */
export function parseOrgFlag(value: unknown, command: string): { all: true } | { all: false; login: string } {
  const text = typeof value === "string" ? value.trim() : "";
  if (text === "") {
    throw new InvalidInput("--org", `is required: a login or all; e.g. \`patwarden ${command} --org acme\` or \`--org all\` (run \`patwarden orgs\` to list orgs)`);
  }
  if (text.toLowerCase() === ALL) return { all: true };
  const login = text.startsWith("@") ? text.slice(1).trim() : text;
  if (login === "") throw new InvalidInput("--org", "expected a login after @, e.g. --org @all for an org named all");
  return { all: false, login };
}

/**
 * The orgs `--org` names: the one org (an unknown login is InvalidInput naming the known ones), or
 * every org whose installation is not uninstalled (a suspended one keeps its last inventory, which
 * is still what GitHub last said), ordered by login.
 */
export async function resolveOrgScope({ engine, value, command }: { engine: Engine; value: unknown; command: string }): Promise<OrgScope> {
  const parsed = parseOrgFlag(value, command);
  if (!parsed.all) return { all: false, orgs: [await engine.orgs.resolve({ login: parsed.login, field: "--org" })] };
  const [orgs, installed] = await Promise.all([engine.orgs.list({}), engine.orgs.listForDashboard({})]);
  const live = new Set(installed.filter((o) => o.installationId !== null && o.installationStatus !== null && o.installationStatus !== "uninstalled").map((o) => o.id));
  const byLogin = (a: Org, b: Org) => a.login.toLowerCase().localeCompare(b.login.toLowerCase());
  return { all: true, orgs: orgs.filter((o) => live.has(o.id)).sort(byLogin) };
}

/** Refuses a paging flag with `--org all` (the scope, or parseOrgFlag's answer): pages and cursors belong to one org's list. */
export function refuseWithAllOrgs(scope: { all: boolean }, flags: Record<string, unknown>): void {
  if (!scope.all) return;
  const given = Object.entries(flags).find(([, v]) => v !== undefined && v !== false);
  if (given) throw new InvalidInput(`--${given[0]}`, "pages belong to one org's list; with --org all every row of every org is listed (drop the flag, or give one --org)");
}

export type OrgRow<T> = T & { org: string };

/** Lists each org of the scope in turn (serially: one org's pages at a time), each row tagged with its org's login. */
export async function listAcrossOrgs<T>(scope: OrgScope, list: (org: Org) => Promise<T[]>): Promise<OrgRow<T>[]> {
  const rows: OrgRow<T>[] = [];
  for (const org of scope.orgs) for (const row of await list(org)) rows.push({ ...row, org: org.login });
  return rows;
}

/** The json object with `org` first when the scope spans orgs, else unchanged. */
export function withOrgField<T extends { org: string }>(scope: OrgScope, row: T, fields: Record<string, unknown>): Record<string, unknown> {
  return scope.all ? { org: row.org, ...fields } : fields;
}

/** The leading `org` column (csv) / `Org` (table) when the scope spans orgs, else none. */
export function orgColumns<T extends { org: string }>(scope: OrgScope, format: OutputFormat): Column<T>[] {
  return scope.all ? [{ header: format === "csv" ? "org" : "Org", value: (r) => r.org }] : [];
}

/** "acme", or "3 orgs (acme, beta, gamma)" for the summary lines on stderr. */
export function describeScope(scope: OrgScope): string {
  if (!scope.all) return scope.orgs[0]?.login ?? "";
  if (scope.orgs.length === 0) return "no installed org";
  return `${scope.orgs.length} ${scope.orgs.length === 1 ? "org" : "orgs"} (${scope.orgs.map((o) => o.login).join(", ")})`;
}
