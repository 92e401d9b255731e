// Flag parsing for every command: node:util parseArgs, with its errors rewritten to name the flag
// and what it allows.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { InvalidInput } from "../../model/errors.ts";

export type FlagSpec = NonNullable<ParseArgsConfig["options"]>;

export type ParsedFlags = {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
};

export function parseFlags({ args, options, positionals = 0 }: { args: string[]; options: FlagSpec; positionals?: number }): ParsedFlags {
  const allowed = Object.keys(options).map((k) => `--${k}`).join(", ");
  let parsed: ParsedFlags;
  try {
    parsed = parseArgs({ args, options: { ...options, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true }) as ParsedFlags;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const flag = /'(-{1,2}[^' ]+)/.exec(e.message)?.[1] ?? "flag";
    if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new InvalidInput(flag, `unknown flag; allowed: ${allowed}`);
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
