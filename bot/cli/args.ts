// Flag parsing for every command: node:util parseArgs, with its errors rewritten to name the flag
// and what it allows.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { closeMatches } from "../../model/close-matches.ts";
import { InvalidInput } from "../../model/errors.ts";

export type FlagSpec = NonNullable<ParseArgsConfig["options"]>;

export type ParsedFlags = {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
};

/**
 * `--stale-days -5`: parseArgs reads "-5" as a flag and reports "needs a value". A negative-looking
 * number after a flag that takes a value is joined to it (`--stale-days=-5`), so its own check says
 * what the field allows.
 */
function joinNegativeValues(args: string[], options: FlagSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const name = /^--([^=]+)$/.exec(arg)?.[1];
    const next = args[i + 1];
    if (name !== undefined && options[name]?.type === "string" && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

function unknownFlag(flag: string, options: FlagSpec): InvalidInput {
  const names = Object.keys(options);
  const close = closeMatches(flag.replace(/^-+/, "").split("=")[0]!, names).map((n) => `--${n}`);
  const allowed = names.map((k) => `--${k}`).join(", ");
  return new InvalidInput(flag, close.length ? `unknown flag; did you mean ${close.join(" or ")}? (allowed: ${allowed})` : `unknown flag; allowed: ${allowed}`);
}

export function parseFlags({ args, options, positionals = 0 }: { args: string[]; options: FlagSpec; positionals?: number }): ParsedFlags {
  const allowed = Object.keys(options).map((k) => `--${k}`).join(", ");
  let parsed: ParsedFlags;
  try {
    parsed = parseArgs({ args: joinNegativeValues(args, options), options: { ...options, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true }) as ParsedFlags;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const flag = /'(-{1,2}[^' ]+)/.exec(e.message)?.[1] ?? "flag";
    if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw unknownFlag(flag, options);
    if (e.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      throw new InvalidInput(flag, /does not take an argument/.test(e.message) ? "takes no value" : "needs a value");
    }
    throw err;
  }
  if (parsed.positionals.length > positionals) {
    throw new InvalidInput(parsed.positionals[positionals]!, `unexpected argument; flags are ${allowed}`);
  }
  return parsed;
}

export const FORMATS = ["table", "json", "csv"] as const;
export type OutputFormat = (typeof FORMATS)[number];

export function parseFormat(value: unknown, fallback: OutputFormat = "table"): OutputFormat {
  if (value === undefined) return fallback;
  const v = String(value).toLowerCase();
  if (!(FORMATS as readonly string[]).includes(v)) throw new InvalidInput("--format", `expected one of ${FORMATS.join(", ")}, got ${JSON.stringify(value)}`);
  return v as OutputFormat;
}

export function requireOrgFlag(value: unknown, command: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new InvalidInput("--org", `is required; e.g. \`patwarden ${command} --org acme\` (run \`patwarden sync\` to list orgs)`);
  }
  return value.trim();
}
