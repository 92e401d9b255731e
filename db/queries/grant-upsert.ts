// The page upsert of grants: one statement that writes what changed and returns, for the grant
// timeline, the stored values each rewrite replaced.
import { or, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Db } from "../client.ts";
import { grants, type NewGrant } from "../schema.ts";
import { type PermissionMaps, type RepositorySelection } from "../../model/statuses.ts";
import { riskWithMembership } from "./risk.ts";
import { anyChanged, excluded, idArray, insertFromJson, setExcluded } from "./upsert-helpers.ts";

/** What GitHub tells us about a grant; bookkeeping columns are set here. */
export type GrantFromGitHub = Omit<
  NewGrant,
  "firstSeenAt" | "lastSeenAt" | "lastSeenSyncId" | "removedAt" | "removalReason" | "updatedAt" | "repositoryCount" | "ownerIsMember"
>;

const DATA_COLUMNS = {
  tokenId: grants.tokenId,
  tokenName: grants.tokenName,
  ownerId: grants.ownerId,
  ownerLogin: grants.ownerLogin,
  ownerAvatarUrl: grants.ownerAvatarUrl,
  ownerType: grants.ownerType,
  repositorySelection: grants.repositorySelection,
  repositoriesUrl: grants.repositoriesUrl,
  permissions: grants.permissions,
  permissionTokens: grants.permissionTokens,
  accessGrantedAt: grants.accessGrantedAt,
  tokenExpired: grants.tokenExpired,
  tokenExpiresAt: grants.tokenExpiresAt,
  tokenLastUsedAt: grants.tokenLastUsedAt,
};

/** A grant the upsert inserted or rewrote, with the stored values it replaced (null when inserted). */
export type GrantChange = {
  id: number;
  inserted: boolean;
  tokenName: string;
  ownerLogin: string;
  permissions: PermissionMaps;
  repositorySelection: RepositorySelection;
  tokenExpiresAt: string | null;
  before: { permissions: PermissionMaps; repositorySelection: RepositorySelection; tokenExpiresAt: string | null } | null;
  permissionsChanged: boolean;
  selectionChanged: boolean;
  expiryChanged: boolean;
};

type ChangeRow = {
  id: number | string; inserted: boolean; token_name: string; owner_login: string; permissions: PermissionMaps;
  repository_selection: RepositorySelection; token_expires_at: Date | string | null; old_permissions: PermissionMaps | null;
  old_repository_selection: RepositorySelection | null; old_token_expires_at: Date | string | null;
  permissions_changed: boolean | null; selection_changed: boolean | null; expiry_changed: boolean | null;
};

/** What the upsert writes: GitHub's data, the risk scored in TS, and the seen marks. */
const INSERT_COLUMNS = {
  orgId: grants.orgId, id: grants.id, ...DATA_COLUMNS, riskScore: grants.riskScore, riskReasons: grants.riskReasons,
  firstSeenAt: grants.firstSeenAt, lastSeenAt: grants.lastSeenAt, lastSeenSyncId: grants.lastSeenSyncId, updatedAt: grants.updatedAt,
};

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

/**
 * One multi-row upsert, the rows sent as one JSON value (insertFromJson). Rows that changed (or
 * come back after removal) are rewritten; identical rows are left alone, so a re-sync of an
 * unchanged org writes no grant data. The stored values
 * the rewrite replaced come back in the same statement (a CTE reads them from the statement's
 * snapshot), so the grant timeline costs no extra query.
 */
export async function upsertGrants({ db, rows, runId, now }: {
  db: Db; rows: GrantFromGitHub[]; runId: number; now: Date;
}): Promise<{ added: number; updated: number; insertedIds: number[]; changes: GrantChange[] }> {
  if (rows.length === 0) return { added: 0, updated: 0, insertedIds: [], changes: [] };
  // The same id twice in one INSERT … ON CONFLICT is an error; a list can repeat an item when it shifts under us.
  const unique = [...new Map(rows.map((r) => [r.id, r])).values()];
  const seen = { firstSeenAt: now, lastSeenAt: now, lastSeenSyncId: runId, updatedAt: now };
  const insert = insertFromJson({ table: grants, columns: INSERT_COLUMNS, rows: unique.map((r) => ({ ...r, ...seen })) });
  // Scored in TS without membership; only changed rows are rescored here, the daily recompute does the rest.
  const risk = riskWithMembership({ reasons: excluded(grants.riskReasons), ownerLeft: sql`${grants.ownerIsMember} = false` });
  const data = Object.values<PgColumn>(DATA_COLUMNS);
  // The stored values the rewrite replaced come from `old`, which reads the statement's snapshot.
  const result = await db.execute(sql`
    with old as (
      select id, permissions, repository_selection, token_expires_at from ${grants}
      where org_id = ${unique[0]!.orgId} and id = any(${idArray(unique.map((r) => r.id))})
    ), up as (
      ${insert}
      on conflict (org_id, id) do update set
        ${setExcluded(data)},
        risk_reasons = ${risk.riskReasons}, risk_score = ${risk.riskScore},
        last_seen_at = excluded.last_seen_at, last_seen_sync_id = excluded.last_seen_sync_id,
        removed_at = null, removal_reason = null, updated_at = excluded.updated_at
      where ${or(anyChanged(data), sql`${grants.removedAt} is not null`)}
      returning id, (xmax = 0) as inserted, token_name, owner_login, permissions, repository_selection, token_expires_at
    )
    select up.*, old.permissions as old_permissions, old.repository_selection as old_repository_selection,
      old.token_expires_at as old_token_expires_at,
      old.permissions is distinct from up.permissions as permissions_changed,
      old.repository_selection is distinct from up.repository_selection as selection_changed,
      old.token_expires_at is distinct from up.token_expires_at as expiry_changed
    from up left join old on old.id = up.id`);
  const changes = (result as unknown as { rows: ChangeRow[] }).rows.map((r): GrantChange => ({
    id: Number(r.id), inserted: r.inserted, tokenName: r.token_name, ownerLogin: r.owner_login, permissions: r.permissions,
    repositorySelection: r.repository_selection, tokenExpiresAt: iso(r.token_expires_at),
    before: r.inserted || r.old_permissions === null ? null
      : { permissions: r.old_permissions, repositorySelection: r.old_repository_selection!, tokenExpiresAt: iso(r.old_token_expires_at) },
    permissionsChanged: !r.inserted && r.permissions_changed === true,
    selectionChanged: !r.inserted && r.selection_changed === true,
    expiryChanged: !r.inserted && r.expiry_changed === true,
  }));
  const insertedIds = changes.filter((c) => c.inserted).map((c) => c.id);
  return { added: insertedIds.length, updated: changes.length - insertedIds.length, insertedIds, changes };
}
