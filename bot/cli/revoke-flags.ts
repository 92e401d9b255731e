// Flags of `patwarden revoke`: the selection (ids or the grants filters), numbers, and the
// engine's field names turned into flag names in messages.
import { InvalidInput } from "../../model/errors.ts";
import { GRANT_FILTER_PARAMS, grantFilterFlags, parseGrantQuery } from "../../model/grant-filter.ts";
import { checkReason, type RevocationTarget } from "../revoke/index.ts";
import type { FlagSpec, ParsedFlags } from "./args.ts";

/** Every filter `patwarden grants` takes; sorting and paging do not apply to "every grant matching". */
const FILTER_KEYS = GRANT_FILTER_PARAMS;

export const REVOKE_FLAGS: FlagSpec = {
  org: { type: "string" }, ids: { type: "string", multiple: true }, reason: { type: "string" }, yes: { type: "boolean" },
  "dry-run": { type: "boolean" }, format: { type: "string" }, max: { type: "string" }, "expect-count": { type: "string" }, job: { type: "string" },
  credentials: { type: "boolean" }, "credential-ids": { type: "string", multiple: true },
  ...grantFilterFlags({ sorting: false }),
};

type Values = ParsedFlags["values"];

export function wholeNumberFlag(values: Values, flag: string): number | undefined {
  const raw = values[flag];
  if (raw === undefined) return undefined;
  if (typeof raw !== "string" || !/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw)) || Number(raw) < 1) {
    throw new InvalidInput(`--${flag}`, `expected a whole number ≥ 1, got ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

export function parseTarget(values: Values): RevocationTarget {
  const filters = Object.fromEntries(FILTER_KEYS.filter((k) => values[k] !== undefined).map((k) => [k, values[k] as string | boolean | string[]]));
  const ids = values.ids as string[] | undefined;
  if (ids && Object.keys(filters).length) throw new InvalidInput("--ids", `cannot be combined with filters (${Object.keys(filters).map((k) => `--${k}`).join(", ")}); use one or the other`);
  if (ids) {
    const parsed = ids.flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "");
    const bad = parsed.find((v) => !/^\d+$/.test(v) || !Number.isSafeInteger(Number(v)) || Number(v) < 1);
    if (bad !== undefined) throw new InvalidInput("--ids", `expected grant ids (positive whole numbers), got ${JSON.stringify(bad)}`);
    return { ids: parsed.map(Number) };
  }
  if (!Object.keys(filters).length) {
    throw new InvalidInput("--ids", "give --ids, or filters that select the grants (--state active selects every active grant)");
  }
  return { filter: parseGrantQuery({ input: filters, label: (k) => `--${k}`, strict: true }).filter };
}

export function reasonFlag(values: Values): string {
  try {
    return checkReason(values.reason);
  } catch (e) {
    return asFlagError(e);
  }
}

/** Fields of the engine's own settings (bot/engine-context.ts installationClient), not of the command. */
const NOT_FLAGS = new Set(["github", "installation"]);

/** The engine names its fields (reason, ids, job…); on the command line they are flags. */
export function asFlagError(e: unknown): never {
  if (e instanceof InvalidInput && !e.field.startsWith("-") && !NOT_FLAGS.has(e.field)) {
    const flag = e.field === "filter" || e.field === "selection" ? "--ids/filters" : e.field === "confirmation" ? "--yes" : `--${e.field}`;
    throw new InvalidInput(flag, e.message.slice(e.field.length + 2));
  }
  throw e;
}

