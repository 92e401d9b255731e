// Field parsers for grant filters: each turns the string(s) given for one flag or search param
// into a typed value, or a message saying what the field allows.
import { z } from "zod";
import { levelsFor, suggestPermissionNames } from "./permissions.ts";

export type PermissionRequirement = { name: string; level: string };

const shown = (s: string) => JSON.stringify(s);

/** Lists may be repeated (`--owner a --owner b`) or comma-joined (`owner=a,b`). */
export const list = <T>(parseItem: (item: string, ctx: z.RefinementCtx) => T) =>
  z.array(z.string()).transform((values, ctx) =>
    values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "")
      .map((item) => parseItem(item, ctx)),
  );

export const scalar = <T>(parse: (value: string, ctx: z.RefinementCtx) => T) =>
  z.array(z.string()).transform((values, ctx) => parse(values[values.length - 1]!.trim(), ctx));

function fail(ctx: z.RefinementCtx, message: string): never {
  ctx.addIssue({ code: "custom", message });
  return z.NEVER as never;
}

export const wholeNumber = (what: string, min: number, max = Number.MAX_SAFE_INTEGER) =>
  scalar((s, ctx) => {
    const n = /^\d+$/.test(s) ? Number(s) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
      return fail(ctx, `expected a whole number ${what}${range}, got ${shown(s)}`);
    }
    return n;
  });

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;
export const isoDate = scalar((s, ctx) => {
  // A date without a time or zone means midnight UTC, so a URL means the same everywhere.
  const normalized = /^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z`
    : /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/i.test(s) ? `${s}Z` : s;
  const d = new Date(normalized);
  if (!ISO_DATE.test(s) || Number.isNaN(d.getTime())) {
    return fail(ctx, `expected an ISO date (2024-01-31) or date-time (2024-01-31T12:00:00Z), got ${shown(s)}`);
  }
  return d;
});

const TRUE = ["", "true", "1", "yes", "on"];
const FALSE = ["false", "0", "no", "off"];
export const flag = scalar((s, ctx) => {
  const v = s.toLowerCase();
  if (TRUE.includes(v)) return true;
  if (FALSE.includes(v)) return false;
  return fail(ctx, `expected true or false (or no value), got ${shown(s)}`);
});

export const oneOf = <T extends string>(allowed: readonly T[]) => (s: string, ctx: z.RefinementCtx): T => {
  const v = s.toLowerCase() as T;
  if (!allowed.includes(v)) return fail(ctx, `expected one of ${allowed.join(", ")}, got ${shown(s)}`);
  return v;
};

export function parsePermission(s: string, ctx: z.RefinementCtx): PermissionRequirement {
  const [rawName, rawLevel = "read", extra] = s.split(":");
  const name = rawName!.trim().toLowerCase().replace(/-/g, "_");
  const level = rawLevel.trim().toLowerCase();
  if (extra !== undefined || name === "") return fail(ctx, `expected name:level such as contents:write, got ${shown(s)}`);
  const levels = levelsFor(name);
  if (!levels) {
    const close = suggestPermissionNames(name);
    return fail(ctx, `unknown permission ${shown(name)}${close.length ? `; did you mean ${close.join(", ")}?` : ""} (see \`patwarden grants --help\` for the list)`);
  }
  if (!levels.includes(level)) return fail(ctx, `${name} takes the level ${levels.join(" or ")}, got ${shown(level)}`);
  return { name, level };
}
