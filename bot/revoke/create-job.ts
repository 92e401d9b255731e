// Preview (no writes) and creation of a revocation job. Creation validates everything first, then
// writes the job, its frozen items and an audit entry in one transaction: all of it or nothing.
import type { Db } from "../../db/client.ts";
import { getOrg } from "../../db/queries/orgs.ts";
import { insertRevocationJob } from "../../db/queries/revocations.ts";
import type { AppendAuditInput } from "../../db/queries/audit.ts";
import type { Org } from "../../db/schema.ts";
import type { RevocationMethod, RevocationSelection } from "../../model/statuses.ts";
import { toGrantSearchParams } from "../../model/grant-filter.ts";
import { Conflict, InvalidInput, NotFound } from "../../model/errors.ts";
import { BULK_REVOKE_MAX } from "./github-calls.ts";
import { DEFAULT_JOB_LEASE_TTL_MS } from "./lease.ts";
import {
  CONFIRM_ORG_NAME_ABOVE, DEFAULT_MAX_REVOCATION_GRANTS, SAMPLE_SIZE,
  checkIds, checkReason, checkSelection, resolveSelection, type RevocationTarget,
} from "./selection.ts";
import { findOverlappingJobs } from "../../db/queries/revocation-overlap.ts";
import { overlapError, type OverlappingJob } from "./overlap.ts";
import { getRevocationJob, type RevocationJobView } from "./view.ts";
import { plural } from "../../model/words.ts";

export type PreviewGrant = { id: number; tokenId: number; tokenName: string; owner: string; lastUsedAt: Date | null; expiresAt: Date | null };

export type RevocationPreview = {
  org: { id: number; login: string };
  /** Active grants that would be revoked. */
  count: number;
  /** A quick preview stopped counting past `max`: more than `count` match (tooMany), exact count to follow. */
  countCapped: boolean;
  /** Owners with how many of their grants are selected, most first; empty when countCapped (not read past the limit). */
  owners: { login: string; count: number }[];
  sample: PreviewGrant[];
  /** Given ids the inventory already shows removed (ids selections only). */
  alreadyRemoved: number[];
  /** Given ids that are not grants of this org. */
  unknown: number[];
  duplicates: number[];
  max: number;
  tooMany: boolean;
  /** ⌈count / 100⌉ bulk calls. */
  batches: number;
  /** Creating this job needs the org's name typed as confirmation. */
  confirmOrgName: boolean;
  /** Unfinished jobs already holding some of these grants: creating this job would be refused. */
  overlapping: OverlappingJob[];
};

async function requireOrg({ db, orgId }: { db: Db; orgId: number }): Promise<Org> {
  const org = await getOrg({ db, orgId });
  if (!org) throw new NotFound(`organization ${orgId} is not known to patwarden; install the App on it and sync`);
  return org;
}

/** What a revocation would touch: counts, owners and a sample. Writes nothing, calls nothing. */
export async function previewRevocation({ db, orgId, target, maxGrants = DEFAULT_MAX_REVOCATION_GRANTS, now = new Date(), quick = false }: {
  db: Db; orgId: number; target: RevocationTarget; maxGrants?: number; now?: Date; quick?: boolean;
}): Promise<RevocationPreview> {
  if ("ids" in target) checkIds(target.ids);
  const org = await requireOrg({ db, orgId });
  const resolved = await resolveSelection({ db, orgId, target, max: maxGrants, now, quick });
  const owners = new Map<string, number>();
  for (const g of resolved.grants) owners.set(g.ownerLogin, (owners.get(g.ownerLogin) ?? 0) + 1);
  return {
    org: { id: org.id, login: org.login },
    count: resolved.count,
    countCapped: resolved.countCapped,
    owners: resolved.countCapped ? [] : [...owners].map(([login, count]) => ({ login, count })).sort((a, b) => b.count - a.count || a.login.localeCompare(b.login)),
    sample: resolved.grants.slice(0, SAMPLE_SIZE).map((g) => ({
      id: g.id, tokenId: g.tokenId, tokenName: g.tokenName, owner: g.ownerLogin, lastUsedAt: g.tokenLastUsedAt, expiresAt: g.tokenExpiresAt,
    })),
    alreadyRemoved: resolved.alreadyRemoved,
    unknown: resolved.unknown,
    duplicates: resolved.duplicates,
    max: maxGrants,
    tooMany: resolved.tooMany,
    batches: Math.ceil(resolved.count / BULK_REVOKE_MAX),
    confirmOrgName: resolved.count > CONFIRM_ORG_NAME_ABOVE,
    overlapping: await findOverlappingJobs({ db, orgId, grantIds: resolved.grants.map((g) => g.id) }),
  };
}

export type CreateRevocationJobOptions = {
  db: Db;
  orgId: number;
  target: RevocationTarget;
  /** 1–1024 characters; recorded with every grant's audit entry. */
  reason: string;
  /** Who asked: a GitHub login, a policy name, a CLI user. */
  actor: string;
  actorType: AppendAuditInput["actorType"];
  /** Record the job and its selection without ever calling GitHub. */
  dryRun?: boolean;
  /** The count the person confirmed in a preview: a selection that changed since is refused (Conflict). */
  expectCount?: number;
  /** The org's login as typed by the person; required when more than 50 grants are selected. */
  confirmation?: string;
  maxGrants?: number;
  /** bulk (default): update_pat_accesses; single: update_pat_access, one grant a call. */
  method?: RevocationMethod;
  /** Holds the job's lease for this runner id from the start, so a background worker cannot pick it up first. */
  runnerId?: string;
  now?: Date;
};

export async function createRevocationJob(opts: CreateRevocationJobOptions): Promise<RevocationJobView> {
  const { db, orgId, target, actor, actorType, dryRun = false, method = "bulk", maxGrants = DEFAULT_MAX_REVOCATION_GRANTS, now = new Date() } = opts;
  const reason = checkReason(opts.reason);
  if ("ids" in target) checkIds(target.ids);
  const org = await requireOrg({ db, orgId });
  const resolved = await resolveSelection({ db, orgId, target, max: maxGrants, now });
  checkSelection({ resolved, target, login: org.login, max: maxGrants });
  if (opts.expectCount !== undefined && opts.expectCount !== resolved.count) {
    throw new Conflict(`the selection now matches ${resolved.count} grants, not the ${opts.expectCount} previewed (a sync changed the inventory); preview again`);
  }
  if (!dryRun && resolved.count > CONFIRM_ORG_NAME_ABOVE && opts.confirmation?.trim().toLowerCase() !== org.login.toLowerCase()) {
    throw new InvalidInput("confirmation", `type the organization's name "${org.login}" to revoke ${plural(resolved.count, "grant")}`);
  }
  const perCall = method === "single" ? 1 : BULK_REVOKE_MAX;
  const selection: RevocationSelection = "ids" in target
    ? { kind: "ids", ids: resolved.grants.map((g) => g.id) }
    : { kind: "filter", query: toGrantSearchParams({ filter: target.filter }).toString() };
  const { job, overlapping } = await insertRevocationJob({
    db,
    job: {
      orgId, requestedBy: actor, actorType, reason, selection, method, dryRun,
      status: dryRun ? "dry_run" : "queued",
      total: resolved.grants.length,
      batches: Math.ceil(resolved.grants.length / perCall),
      createdAt: now, updatedAt: now,
      ...(opts.runnerId && !dryRun ? { leaseOwner: opts.runnerId, leaseUntil: new Date(Date.now() + DEFAULT_JOB_LEASE_TTL_MS) } : {}),
    },
    items: resolved.grants.map((g, i) => ({
      orgId, grantId: g.id, tokenId: g.tokenId, tokenName: g.tokenName, ownerLogin: g.ownerLogin, batch: Math.floor(i / perCall), updatedAt: now,
    })),
    audit: {
      at: now, orgId, actor, actorType, reason,
      action: dryRun ? "revocation.dry_run" : "revocation.create",
      targetType: "revocation_job",
      result: dryRun ? "dry_run" : "success",
      details: { total: resolved.grants.length, selection, method },
    },
  });
  if (!job) throw overlapError({ login: org.login, overlapping, selected: resolved.grants.length });
  return getRevocationJob({ db, jobId: job.id });
}
