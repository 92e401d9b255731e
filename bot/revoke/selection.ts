// What a revocation would touch, resolved from ids or a grants filter against the inventory, and
// the checks a selection must pass before a job is created. Reads only.
import type { Db } from "../../db/client.ts";
import { countGrants, countGrantsUpTo, listGrants } from "../../db/queries/grants.ts";
import { countGrantsCancellable } from "../../db/queries/grant-counts.ts";
import { listGrantsByIds, type SelectedGrant } from "../../db/queries/revocations.ts";
import type { GrantFilter } from "../../model/grant-filter.ts";
import { InvalidInput } from "../../model/errors.ts";
import { REASON_MAX_CHARS, reasonLength } from "../../model/reason.ts";
import { checkRepositoryFilter } from "../grants/filter-checks.ts";

/** Explicit grant ids (pat_ids), or every active grant a filter matches (the dashboard's "select all"). */
export type RevocationTarget = { ids: number[] } | { filter: GrantFilter };

export const DEFAULT_MAX_REVOCATION_GRANTS = 10_000;
/** Above this many grants, a person confirms by typing the organization's name. */
export const CONFIRM_ORG_NAME_ABOVE = 50;
export const SAMPLE_SIZE = 10;

export type ResolvedSelection = {
  /** Active grants of the org, ordered by id: what a job would revoke (only the first SAMPLE_SIZE when countCapped). */
  grants: SelectedGrant[];
  /** How many active grants match (may exceed `grants` when the selection is over the limit). */
  count: number;
  /**
   * The count stopped past the limit (a quick selection only): more than `count` grants match, and
   * the selection cannot be revoked as it is. Under the limit the count is always exact.
   */
  countCapped: boolean;
  alreadyRemoved: number[];
  unknown: number[];
  duplicates: number[];
  tooMany: boolean;
};

/**
 * `quick`: count only up to `max` + 1 matches. A job can only be made of at most `max` grants, so
 * the count is exact whenever the selection can be revoked, and costs at most that many rows at
 * 1,000,000 grants; past it `countCapped` says "more than max" (the dashboard then counts exactly,
 * live and cancellable: grant-counts.ts). Without `quick` a count past the limit is exact too.
 */
export async function resolveSelection({ db, orgId, target, max = DEFAULT_MAX_REVOCATION_GRANTS, now = new Date(), quick = false }: {
  db: Db; orgId: number; target: RevocationTarget; max?: number; now?: Date; quick?: boolean;
}): Promise<ResolvedSelection> {
  if ("ids" in target) {
    const seen = new Set<number>();
    const duplicates = new Set<number>();
    for (const id of target.ids) (seen.has(id) ? duplicates : seen).add(id);
    const found = await listGrantsByIds({ db, orgId, grantIds: [...seen] });
    const foundIds = new Set(found.map((g) => g.id));
    const active = found.filter((g) => g.removedAt === null);
    return {
      grants: active.slice(0, max),
      count: active.length,
      countCapped: false,
      alreadyRemoved: found.filter((g) => g.removedAt !== null).map((g) => g.id),
      unknown: [...seen].filter((id) => !foundIds.has(id)),
      duplicates: [...duplicates],
      tooMany: active.length > max,
    };
  }
  const filter = await revocableFilter({ db, orgId, filter: target.filter });
  const upTo = await countGrantsUpTo({ db, orgId, filter, now, cap: max });
  const countCapped = upTo.capped && quick;
  const count = upTo.capped && !quick ? await countGrants({ db, orgId, filter, now }) : upTo.total;
  // Past the limit a quick preview reads only its sample: the selection cannot be revoked as it is.
  const perPage = countCapped ? SAMPLE_SIZE : Math.min(count, max);
  const rows = perPage === 0 ? [] : (await listGrants({ db, orgId, filter, sort: "id", direction: "asc", page: 1, perPage, now })).rows;
  return {
    grants: rows.map((g) => ({
      id: g.id, tokenId: g.tokenId, tokenName: g.tokenName, ownerLogin: g.ownerLogin,
      tokenLastUsedAt: g.tokenLastUsedAt, tokenExpiresAt: g.tokenExpiresAt, removedAt: g.removedAt,
    })),
    count,
    countCapped,
    alreadyRemoved: [],
    unknown: [],
    duplicates: [],
    tooMany: countCapped || count > max,
  };
}

/** The exact count of active grants a selection holds (ids: the active ones among them), stoppable by `signal`. */
export async function countSelection({ db, orgId, target, now = new Date(), signal, cancelOnServer }: {
  db: Db; orgId: number; target: RevocationTarget; now?: Date; signal?: AbortSignal; cancelOnServer: boolean;
}): Promise<number> {
  if ("ids" in target) return (await resolveSelection({ db, orgId, target, now })).count;
  const filter = await revocableFilter({ db, orgId, filter: target.filter });
  return countGrantsCancellable({ db, orgId, filter, now, signal, cancelOnServer });
}

/** A filter as a revocation reads it: active grants only, a repository the org knows. */
export async function revocableFilter({ db, orgId, filter }: { db: Db; orgId: number; filter: GrantFilter }): Promise<GrantFilter> {
  if (filter.state === "removed") throw new InvalidInput("state", "only active grants can be revoked; drop the removed state from the filter");
  // A repository no grant lists would otherwise select every "All repositories" grant.
  await checkRepositoryFilter({ db, orgId, filter });
  // "all" includes removed grants, which cannot be revoked: only active grants count.
  return { ...filter, state: "active" };
}

/** "1, 2, 3 and 17 more": keeps messages readable for large lists. */
export function listIds(ids: number[], shown = 20): string {
  const head = ids.slice(0, shown).join(", ");
  return ids.length > shown ? `${head} and ${ids.length - shown} more` : head;
}

/** Throws InvalidInput naming the field and what it allows; nothing has been written when it does. */
export function checkSelection({ resolved, target, login, max }: {
  resolved: ResolvedSelection; target: RevocationTarget; login: string; max: number;
}): void {
  if ("ids" in target && target.ids.length === 0) throw new InvalidInput("ids", "is empty; give at least one grant id");
  if (resolved.duplicates.length) throw new InvalidInput("ids", `lists ${listIds(resolved.duplicates)} more than once; give each grant once`);
  if (resolved.unknown.length) {
    throw new InvalidInput("ids", `${listIds(resolved.unknown)} ${resolved.unknown.length === 1 ? "is not a grant" : "are not grants"} of ${login} (unknown ids, or another org's grants); grant ids are the "id" column of \`patwarden grants\``);
  }
  if (resolved.alreadyRemoved.length) {
    throw new InvalidInput("ids", `${listIds(resolved.alreadyRemoved)} ${resolved.alreadyRemoved.length === 1 ? "is" : "are"} no longer active in ${login}; leave ${resolved.alreadyRemoved.length === 1 ? "it" : "them"} out`);
  }
  if (resolved.count === 0) throw new InvalidInput("filter", `matches no active grants of ${login}; nothing to revoke`);
  if (resolved.tooMany) {
    throw new InvalidInput("selection", `selects ${resolved.countCapped ? `more than ${max}` : resolved.count} grants; at most ${max} may be revoked in one job (narrow the selection, or raise the limit)`);
  }
}

/** A reason is required: it goes to the audit log with every grant. Returns it trimmed. */
export function checkReason(reason: unknown): string {
  if (typeof reason !== "string" || reason.trim() === "") {
    throw new InvalidInput("reason", `is required: say why, in 1 to ${REASON_MAX_CHARS} characters`);
  }
  const trimmed = reason.trim();
  const length = reasonLength(trimmed);
  if (length > REASON_MAX_CHARS) throw new InvalidInput("reason", `is ${length} characters long; at most ${REASON_MAX_CHARS} are allowed`);
  return trimmed;
}

export function checkIds(ids: unknown): number[] {
  if (!Array.isArray(ids)) throw new InvalidInput("ids", "expected a list of grant ids");
  const bad = ids.find((id) => typeof id !== "number" || !Number.isSafeInteger(id) || id <= 0);
  if (bad !== undefined) throw new InvalidInput("ids", `expected positive whole numbers (grant ids), got ${JSON.stringify(bad)}`);
  return ids as number[];
}
