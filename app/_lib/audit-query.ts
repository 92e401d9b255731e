// The audit log's filters live in the URL (actor, action, from, to, before) so a view is shareable
// and the CSV export takes the very same query string. Dates are whole UTC days, both inclusive.
import { z } from "zod";
import { InvalidInput } from "../../model/errors.ts";
import type { AuditPageFilter } from "../../bot/audit/verbs.ts";

const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const day = () =>
  z.string().trim().regex(DAY, "must be a date like 2026-01-31").transform((s, ctx) => {
    const d = new Date(`${s}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) {
      ctx.addIssue({ code: "custom", message: `${s} is not a calendar date` });
      return z.NEVER;
    }
    return d;
  });

const AuditQuerySchema = z.object({
  actor: z.string().trim().max(100, "is at most 100 characters").optional(),
  action: z.string().trim().regex(/^[a-z_]+(\.[a-z_]+)*$/, "must be an action name like grant.revoke").optional(),
  from: day().optional(),
  to: day().optional(),
  before: z.string().regex(/^\d{1,15}$/, "must be an entry id").transform(Number).optional(),
});

export type AuditQuery = {
  filter: AuditPageFilter;
  /** Keyset cursor: entries older (by id) than this one. */
  before?: number;
  /** The filter as it appears in the URL (no cursor), for links and the CSV export. */
  params: URLSearchParams;
};

/** URLSearchParams (blanks dropped) → filter; throws InvalidInput naming the field. */
export function parseAuditQuery(params: URLSearchParams): AuditQuery {
  const input: Record<string, string> = {};
  for (const key of ["actor", "action", "from", "to", "before"]) {
    const v = params.get(key)?.trim();
    if (v) input[key] = v;
  }
  const parsed = AuditQuerySchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InvalidInput(String(issue.path[0] ?? "filter"), issue.message);
  }
  const { actor, action, from, to, before } = parsed.data;
  if (from && to && from > to) throw new InvalidInput("from", "must not be after the \"to\" date");
  const filter: AuditPageFilter = {
    ...(actor ? { actor } : {}),
    ...(action ? { action } : {}),
    ...(from ? { since: from } : {}),
    ...(to ? { until: new Date(to.getTime() + DAY_MS) } : {}),
  };
  const clean = new URLSearchParams();
  for (const key of ["actor", "action", "from", "to"]) if (input[key]) clean.set(key, input[key]!);
  return { filter, before, params: clean };
}

/** The same filter with a cursor (or without, for the first page). */
export function auditHref({ base, params, before }: { base: string; params: URLSearchParams; before?: number }): string {
  const next = new URLSearchParams(params);
  if (before !== undefined) next.set("before", String(before));
  const qs = next.toString();
  return qs ? `${base}?${qs}` : base;
}
