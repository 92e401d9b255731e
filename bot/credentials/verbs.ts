// Engine verbs for the SSO credential inventory (model/credentials.ts): the filtered, keyset-paged
// list, one credential with its history, counts. One object in, plain data out (the embedded-mode
// bridge carries both as JSON: bot/engine-wire.ts); faces reach them through createEngine.
import { listAudit } from "../../db/queries/audit.ts";
import { countCredentialsUpTo, getCredential, listCredentialAuthorizations, listCredentials } from "../../db/queries/credentials.ts";
import { getOrg } from "../../db/queries/orgs.ts";
import type { Credential } from "../../db/schema.ts";
import { decodeCredentialCursor, encodeCredentialCursor } from "../../model/credential-cursor.ts";
import { CREDENTIAL_DEFAULT_PER_PAGE, type CredentialFilter, type CredentialSortColumn, type SortDirection } from "../../model/credential-filter.ts";
import { credentialKind, type CredentialKind, type CredentialSourceStatus } from "../../model/credentials.ts";
import { InvalidInput, NotFound } from "../../model/errors.ts";
import type { EngineContext } from "../engine-context.ts";
import { fieldName, type FieldStyle } from "../grants/filter-checks.ts";

export type { Credential };

/** A stored credential as lists show it: its short kind (null for a type GitHub added later) and whether it has expired now. */
export type CredentialRow = Credential & { kind: CredentialKind | null; expired: boolean };

/** Whether GitHub serves this org's credential authorizations, as last asked (the connection card's words). */
export type CredentialSource = { status: CredentialSourceStatus; checkedAt: Date | null; detail: string | null; lastSyncAt: Date | null };

export type CredentialList = {
  /** `cursor`: pass it as `after` to start the page that follows this row. */
  rows: (CredentialRow & { cursor: string })[];
  /** Matches, counted up to the browsing cap (totalCapped: at least this many). */
  total: number;
  totalCapped: boolean;
  /** `after` for the next page, `before` for the previous one; null when no rows lie that way. */
  nextCursor: string | null;
  prevCursor: string | null;
  source: CredentialSource;
};

export type CredentialDetail = CredentialRow & {
  source: CredentialSource;
  /** Other authorizations of the same token or key in this org (re-authorized after a removal), newest first. */
  authorizations: CredentialRow[];
  audit: { id: number; at: Date; actor: string; action: string; result: string; reason: string | null }[];
};

export function createCredentialVerbs(ctx: EngineContext) {
  const toRow = (c: Credential, now: Date): CredentialRow => ({
    ...c, kind: credentialKind(c.credentialType), expired: c.expiresAt !== null && c.expiresAt.getTime() <= now.getTime(),
  });
  const sourceOf = async (orgId: number): Promise<CredentialSource> => {
    const org = await getOrg({ db: ctx.db, orgId });
    if (!org) throw new NotFound(`org ${orgId} is not known`);
    return { status: org.credentialsStatus, checkedAt: org.credentialsCheckedAt, detail: org.credentialsDetail, lastSyncAt: org.lastCredentialSyncAt };
  };

  return {
    /**
     * One keyset page of an org's credential authorizations, filtered and sorted in SQL, with the
     * org's credential source status. `after`/`before`: a cursor of this sort and direction
     * (InvalidInput naming the field as `fieldStyle` shows it otherwise). `withCount: false` skips
     * the count (a caller walking every page counts rows itself).
     */
    async list({ orgId, filter, sort = "authorized", direction = "desc", perPage = CREDENTIAL_DEFAULT_PER_PAGE, after, before, withCount = true, countCap, fieldStyle }: {
      orgId: number; filter: CredentialFilter; sort?: CredentialSortColumn; direction?: SortDirection; perPage?: number;
      after?: string; before?: string; withCount?: boolean; countCap?: number; fieldStyle?: FieldStyle;
    }): Promise<CredentialList> {
      const now = ctx.now();
      if (after !== undefined && before !== undefined) throw new InvalidInput(fieldName("before", fieldStyle), `give ${fieldName("after", fieldStyle)} or ${fieldName("before", fieldStyle)}, not both`);
      const decode = (text: string | undefined, key: "after" | "before") =>
        text === undefined ? undefined : decodeCredentialCursor({ text, field: fieldName(key, fieldStyle), sort, direction });
      const cursors = { after: decode(after, "after"), before: decode(before, "before") };
      const [page, source] = await Promise.all([
        listCredentials({ db: ctx.db, orgId, filter, sort, direction, perPage, now, ...cursors, withCount, countCap }),
        sourceOf(orgId),
      ]);
      const [first, last] = [page.cursors[0], page.cursors.at(-1)];
      return {
        rows: page.rows.map((c, i) => ({ ...toRow(c, now), cursor: encodeCredentialCursor(page.cursors[i]!) })),
        total: page.total,
        totalCapped: page.totalCapped,
        nextCursor: page.hasNext && last ? encodeCredentialCursor(last) : null,
        prevCursor: page.hasPrevious && first ? encodeCredentialCursor(first) : null,
        source,
      };
    },

    /** How many of an org's credentials match, counting no further than `cap` (default 1,000). */
    async count({ orgId, filter, cap }: { orgId: number; filter: CredentialFilter; cap?: number }): Promise<{ total: number; capped: boolean }> {
      return countCredentialsUpTo({ db: ctx.db, orgId, filter, now: ctx.now(), cap });
    },

    /** One credential of the org (active or removed) with its other authorizations and audit entries (latest 50); NotFound for another org's id. */
    async get({ orgId, credentialId }: { orgId: number; credentialId: number }): Promise<CredentialDetail> {
      const now = ctx.now();
      const row = await getCredential({ db: ctx.db, orgId, credentialId });
      if (!row) throw new NotFound(`credential authorization ${credentialId} is not one of this org's`);
      const [source, others, audit] = await Promise.all([
        sourceOf(orgId),
        row.authorizedCredentialId === null ? [] : listCredentialAuthorizations({ db: ctx.db, orgId, authorizedCredentialId: row.authorizedCredentialId, except: credentialId }),
        listAudit({ db: ctx.db, orgId, filter: { targetType: "credential", targetId: credentialId, limit: 50 } }),
      ]);
      return {
        ...toRow(row, now),
        source,
        authorizations: others.map((c) => toRow(c, now)),
        audit: audit.map((a) => ({ id: a.id, at: a.at, actor: a.actor, action: a.action, result: a.result, reason: a.reason })),
      };
    },
  };
}
