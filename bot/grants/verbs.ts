// Engine verbs for grants: the filtered table, one grant's detail, counts. Each verb takes one object and returns plain data (the embedded-mode
// bridge carries both as JSON: bot/engine-wire.ts); faces reach them through createEngine (bot/engine.ts).
import { listAudit } from "../../db/queries/audit.ts";
import { listGrantEvents } from "../../db/queries/grant-events.ts";
import { countGrantRepositories, countGrantsUpTo, getGrant, listGrants } from "../../db/queries/grants.ts";
import { listGrantWarningsView } from "../../db/queries/policy-views.ts";
import type { Grant } from "../../db/schema.ts";
import { isExpired } from "../../model/categories.ts";
import { InvalidInput, NotFound } from "../../model/errors.ts";
import { decodeGrantCursor, encodeGrantCursor } from "../../model/grant-cursor.ts";
import { DEFAULT_PER_PAGE, type GrantFilter, type GrantSortColumn, type SortDirection } from "../../model/grant-filter.ts";
import type { GrantEventKind } from "../../model/statuses.ts";
import type { EngineContext } from "../engine-context.ts";
import { checkPage, checkRepositoryFilter, fieldName, type FieldStyle } from "./filter-checks.ts";

export type { Grant };

/**
 * A grant as the table shows it: `repositoryCount` is filled in for `subset` grants whose count
 * the sync did not store (null when none is known), and `expired` is model/categories' isExpired now.
 */
export type GrantListRow = Grant & { expired: boolean };

export type GrantList = {
  /** `cursor`: the row's keyset cursor (model/grant-cursor.ts): `after` it starts the page that follows it. */
  rows: (GrantListRow & { cursor: string })[];
  /** Grants the filter matches; a lower bound when totalCapped (db/queries/grants.ts countCapFor). */
  total: number;
  totalCapped: boolean;
  /** With `withOrgTotal`: all grants of the org in the filter's state, capped the same way. */
  orgTotal?: { total: number; capped: boolean };
  /**
   * Keyset paging (model/grant-cursor.ts): pass `nextCursor` as `after` for the next page, `prevCursor`
   * as `before` for the previous one; null when no rows lie that way (the next is read, not counted).
   */
  nextCursor: string | null;
  prevCursor: string | null;
};

export type GrantDetail = GrantListRow & {
  repositories: { id: number; fullName: string; private: boolean }[];
  audit: { id: number; at: Date; actor: string; action: string; result: string; reason: string | null }[];
  events: { at: Date; kind: GrantEventKind; details: Record<string, unknown> }[];
  warnings: { rule: string; mode: string; status: string; warnedAt: Date; revokeAfter: Date | null; resolvedAt: Date | null }[];
};

export function createGrantVerbs(ctx: EngineContext) {
  return {
    /**
     * One page of an org's grants, filtered and sorted in SQL, with repository counts filled in.
     * InvalidInput for a repository no grant or request lists, and for a page past the last one
     * (`fieldStyle` names the field as the face shows it: `--page` or `page`).
     * `countCap` replaces both caps of db/queries/grants.ts (tests); `withOrgTotal` also counts the
     * org's grants in the same state (the table's "n of N"), with no second count when unfiltered.
     * `after`/`before`: a cursor of this sort and direction (InvalidInput naming the field otherwise);
     * the page is then read from it by keyset, whatever `page` says. `withCount: false` skips the
     * count (total is then only the rows of this page, totalCapped whether more follow).
     */
    async list({ orgId, filter, sort = "granted", direction = "desc", page = 1, perPage = DEFAULT_PER_PAGE, countCap, withOrgTotal = false, fieldStyle, after, before, withCount = true }: {
      orgId: number; filter: GrantFilter; sort?: GrantSortColumn; direction?: SortDirection; page?: number; perPage?: number;
      countCap?: number; withOrgTotal?: boolean; fieldStyle?: FieldStyle; after?: string; before?: string; withCount?: boolean;
    }): Promise<GrantList> {
      const now = ctx.now();
      const unfiltered = Object.keys(filter).every((k) => k === "state");
      if (after !== undefined && before !== undefined) throw new InvalidInput(fieldName("before", fieldStyle), `give ${fieldName("after", fieldStyle)} or ${fieldName("before", fieldStyle)}, not both`);
      const decode = (text: string | undefined, key: "after" | "before") =>
        text === undefined ? undefined : decodeGrantCursor({ text, field: fieldName(key, fieldStyle), sort, direction });
      const cursors = { after: decode(after, "after"), before: decode(before, "before") };
      await checkRepositoryFilter({ db: ctx.db, orgId, filter, fieldStyle });
      const [list, orgOnly] = await Promise.all([
        listGrants({ db: ctx.db, orgId, filter, sort, direction, page, perPage, now, countCap, ...cursors, withCount }),
        withOrgTotal && !unfiltered ? countGrantsUpTo({ db: ctx.db, orgId, filter: { state: filter.state }, now, cap: countCap }) : null,
      ]);
      if (!cursors.after && !cursors.before) checkPage({ page, perPage, total: list.total, rowCount: list.rows.length, fieldStyle });
      const missing = list.rows.filter((g) => g.repositorySelection === "subset" && g.repositoryCount === null).map((g) => g.id);
      const counts = await countGrantRepositories({ db: ctx.db, orgId, grantIds: missing });
      const [first, last] = [list.cursors[0], list.cursors.at(-1)];
      return {
        rows: list.rows.map((g, i) => ({
          ...g,
          repositoryCount: g.repositorySelection === "subset" ? (g.repositoryCount ?? counts.get(g.id) ?? null) : g.repositoryCount,
          expired: isExpired(g, now),
          cursor: encodeGrantCursor(list.cursors[i]!),
        })),
        total: list.total,
        totalCapped: list.totalCapped,
        nextCursor: list.hasNext && last ? encodeGrantCursor(last) : null,
        prevCursor: list.hasPrevious && first ? encodeGrantCursor(first) : null,
        ...(withOrgTotal ? { orgTotal: orgOnly ?? { total: list.total, capped: list.totalCapped } } : {}),
      };
    },

    /** How many of an org's grants match, counting no further than `cap` (default: the filter's cap). */
    async count({ orgId, filter, cap, fieldStyle }: { orgId: number; filter: GrantFilter; cap?: number; fieldStyle?: FieldStyle }): Promise<{ total: number; capped: boolean }> {
      await checkRepositoryFilter({ db: ctx.db, orgId, filter, fieldStyle });
      return countGrantsUpTo({ db: ctx.db, orgId, filter, now: ctx.now(), cap });
    },

    /** One grant of the org with its repositories, audit entries (latest 50), timeline events and policy warnings; NotFound for another org's id. */
    async get({ orgId, grantId }: { orgId: number; grantId: number }): Promise<GrantDetail> {
      const grant = await getGrant({ db: ctx.db, orgId, grantId });
      if (!grant) throw new NotFound(`grant ${grantId} is not a grant of this org`);
      const [audit, events, warnings] = await Promise.all([
        listAudit({ db: ctx.db, orgId, filter: { targetType: "grant", targetId: grantId, limit: 50 } }),
        listGrantEvents({ db: ctx.db, orgId, grantId }),
        listGrantWarningsView({ db: ctx.db, orgId, grantId }),
      ]);
      const { repositories, ...row } = grant;
      return {
        ...row,
        repositoryCount: row.repositorySelection === "subset" ? (row.repositoryCount ?? repositories.length) : row.repositoryCount,
        expired: isExpired(row, ctx.now()),
        repositories: repositories.map((r) => ({ id: r.repositoryId, fullName: r.fullName, private: r.private })),
        audit: audit.map((a) => ({ id: a.id, at: a.at, actor: a.actor, action: a.action, result: a.result, reason: a.reason })),
        events: events.map((e) => ({ at: e.at, kind: e.kind, details: e.details as Record<string, unknown> })),
        warnings: warnings.map((w) => ({ rule: w.rule, mode: w.mode, status: w.status, warnedAt: w.warnedAt, revokeAfter: w.revokeAfter, resolvedAt: w.resolvedAt })),
      };
    },
  };
}
