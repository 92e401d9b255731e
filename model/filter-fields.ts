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

/** "must be a positive whole number", or the range it must fall in, naming the unit (`what`: "of days "). */
export const wholeNumber = (what: string, min: number, max = Number.MAX_SAFE_INTEGER) =>
  scalar((s, ctx) => {
    const n = /^\d+$/.test(s) ? Number(s) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      const unit = what.trimEnd();
      const kind = max !== Number.MAX_SAFE_INTEGER ? `a whole number ${what}from ${min} to ${max}`
        : min === 1 ? `a positive whole number${unit ? ` ${unit}` : ""}` : `a whole number${unit ? ` ${unit}` : ""}, ${min} or more`;
      return fail(ctx, `must be ${kind}, got ${shown(s)}`);
    }
    return n;
  });

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):?(\d{2}))?)?$/i;
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Every part in its range: Date would roll 2025-02-30 over to March 2 and 24:00 to the next day. */
function validParts(m: RegExpExecArray): boolean {
  const [year, month, day, hour = 0, minute = 0, second = 0, zoneHour = 0, zoneMinute = 0] = m.slice(1).map((p) => (p === undefined ? undefined : Number(p)));
  return month! >= 1 && month! <= 12 && day! >= 1 && day! <= daysIn(year!, month!)
    && hour <= 23 && minute <= 59 && second <= 59 && zoneHour <= 23 && zoneMinute <= 59;
}

export const isoDate = scalar((s, ctx) => {
  // A date without a time or zone means midnight UTC, so a URL means the same everywhere.
  const normalized = /^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z`
    : /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/i.test(s) ? `${s}Z` : s;
  const m = ISO_DATE.exec(s);
  const d = new Date(normalized);
  const allowed = "an ISO date (2024-01-31) or date-time (2024-01-31T12:00:00Z)";
  if (!m || Number.isNaN(d.getTime())) return fail(ctx, `expected ${allowed}, got ${shown(s)}`);
  if (!validParts(m)) return fail(ctx, `${shown(s)} is not a real date or time (check the month's days and the hour); expected ${allowed}`);
  return d;
});

/** `name` or `owner/name` (GitHub's characters: letters, digits, `.`, `-`, `_`). */
export const repositoryName = scalar((s, ctx) => {
  if (!/^([A-Za-z0-9-]+\/)?[A-Za-z0-9._-]+$/.test(s)) return fail(ctx, `expected a repository as NAME or OWNER/NAME (e.g. data-proto or acme/data-proto), got ${shown(s)}`);
  return s;
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
