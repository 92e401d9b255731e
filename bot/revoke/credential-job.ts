// Removing SSO credential authorizations by id: the preview (reads only) and the job (frozen
// items, one DELETE each when run). The org's credential source must be available: without SAML
// SSO GitHub has no authorizations to remove.
import type { Db } from "../../db/client.ts";
import type { AppendAuditInput } from "../../db/queries/audit.ts";
import { getOrg } from "../../db/queries/orgs.ts";
import { findOverlappingJobs } from "../../db/queries/revocation-overlap.ts";
import { listCredentialsByIds, type SelectedCredential } from "../../db/queries/revocation-credentials.ts";
import { listCredentials } from "../../db/queries/credentials.ts";
import { toCredentialSearchParams, type CredentialFilter } from "../../model/credential-filter.ts";
import type { Org } from "../../db/schema.ts";
import { CREDENTIAL_SOURCE_TEXT, type CredentialSourceStatus } from "../../model/credentials.ts";
import { Conflict, InvalidInput, NotFound } from "../../model/errors.ts";
import { plural } from "../../model/words.ts";
import { callsFor, insertJobOf } from "./insert-job.ts";
import type { OverlappingJob } from "./overlap.ts";
import { CONFIRM_ORG_NAME_ABOVE, DEFAULT_MAX_REVOCATION_GRANTS, SAMPLE_SIZE, checkReason, listIds } from "./selection.ts";
import type { RevocationJobView } from "./view.ts";

/** Authorization ids (credential_id, the "id" column of `patwarden credentials`), or every active one a credential filter matches. */
export type CredentialTarget = { ids: number[] } | { filter: CredentialFilter };

export type CredentialRemovalPreview = {
  org: { id: number; login: string };
  credentialsStatus: CredentialSourceStatus;
  /** Active credentials that would be removed. */
  count: number;
  sample: SelectedCredential[];
  unknown: number[];
  alreadyRemoved: number[];
  duplicates: number[];
  /** One DELETE per credential. */
  calls: number;
  max: number;
  tooMany: boolean;
  confirmOrgName: boolean;
  overlapping: OverlappingJob[];
  /** Why nothing can be removed here, when that is so (no SSO, no permission). */
  unavailable: string | null;
};

type Resolved = { org: Org; active: SelectedCredential[]; unknown: number[]; alreadyRemoved: number[]; duplicates: number[] };

async function resolve({ db, orgId, target, max }: { db: Db; orgId: number; target: CredentialTarget; max: number }): Promise<Resolved> {
  const org = await getOrg({ db, orgId });
  if (!org) throw new NotFound(`organization ${orgId} is not known to patwarden; install the App on it and sync`);
  if ("filter" in target) {
    if (target.filter.state === "removed") throw new InvalidInput("state", "only active credential authorizations can be removed; drop the removed state");
    // Read one past the limit: a selection over it is refused, so nothing past it matters.
    const page = await listCredentials({ db, orgId, filter: { ...target.filter, state: "active" }, sort: "id", direction: "asc", perPage: max + 1, withCount: false });
    return { org, active: page.rows, unknown: [], alreadyRemoved: [], duplicates: [] };
  }
  if (!Array.isArray(target.ids) || target.ids.some((id) => typeof id !== "number" || !Number.isSafeInteger(id) || id <= 0)) {
    throw new InvalidInput("credentialIds", "expected positive whole numbers (credential authorization ids)");
  }
  const seen = new Set<number>();
  const duplicates = new Set<number>();
  for (const id of target.ids) (seen.has(id) ? duplicates : seen).add(id);
  const found = await listCredentialsByIds({ db, orgId, ids: [...seen] });
  const foundIds = new Set(found.map((c) => c.credentialId));
  return {
    org,
    active: found.filter((c) => c.removedAt === null),
    unknown: [...seen].filter((id) => !foundIds.has(id)),
    alreadyRemoved: found.filter((c) => c.removedAt !== null).map((c) => c.credentialId),
    duplicates: [...duplicates],
  };
}

function unavailableText(org: Org): string | null {
  return org.credentialsStatus === "available" ? null : `${org.login}: ${CREDENTIAL_SOURCE_TEXT[org.credentialsStatus]}`;
}

export async function previewCredentialRemoval({ db, orgId, target, max = DEFAULT_MAX_REVOCATION_GRANTS }: {
  db: Db; orgId: number; target: CredentialTarget; max?: number;
}): Promise<CredentialRemovalPreview> {
  const r = await resolve({ db, orgId, target, max });
  return {
    org: { id: r.org.id, login: r.org.login },
    credentialsStatus: r.org.credentialsStatus,
    count: r.active.length,
    sample: r.active.slice(0, SAMPLE_SIZE),
    unknown: r.unknown, alreadyRemoved: r.alreadyRemoved, duplicates: r.duplicates,
    calls: callsFor({ grants: 0, credentials: r.active.length }),
    max, tooMany: r.active.length > max,
    confirmOrgName: r.active.length > CONFIRM_ORG_NAME_ABOVE,
    overlapping: await findOverlappingJobs({ db, orgId, grantIds: [], credentialIds: r.active.map((c) => c.credentialId) }),
    unavailable: unavailableText(r.org),
  };
}

export async function createCredentialRemovalJob(opts: {
  db: Db; orgId: number; target: CredentialTarget; reason: string; actor: string; actorType: AppendAuditInput["actorType"];
  dryRun?: boolean; expectCount?: number; confirmation?: string; max?: number; runnerId?: string; now?: Date;
}): Promise<RevocationJobView> {
  const { db, orgId, target, actor, actorType, dryRun = false, max = DEFAULT_MAX_REVOCATION_GRANTS, now = new Date() } = opts;
  const reason = checkReason(opts.reason);
  const r = await resolve({ db, orgId, target, max });
  const login = r.org.login;
  if ("ids" in target && target.ids.length === 0) throw new InvalidInput("credentialIds", "is empty; give at least one credential authorization id");
  if (r.duplicates.length) throw new InvalidInput("credentialIds", `lists ${listIds(r.duplicates)} more than once; give each credential once`);
  if (r.unknown.length) throw new InvalidInput("credentialIds", `${listIds(r.unknown)} ${r.unknown.length === 1 ? "is not a credential authorization" : "are not credential authorizations"} of ${login}; ids are the "id" column of \`patwarden credentials\``);
  if (r.alreadyRemoved.length) throw new InvalidInput("credentialIds", `${listIds(r.alreadyRemoved)} ${r.alreadyRemoved.length === 1 ? "is" : "are"} no longer authorized in ${login}; leave ${r.alreadyRemoved.length === 1 ? "it" : "them"} out`);
  if (r.active.length === 0) throw new InvalidInput("filter", `matches no active credential authorizations of ${login}; nothing to remove`);
  if (r.active.length > max) throw new InvalidInput("selection", `selects ${r.active.length} credentials; at most ${max} may be removed in one job`);
  const unavailable = unavailableText(r.org);
  if (unavailable && !dryRun) throw new InvalidInput("credentialIds", `cannot be removed: ${unavailable}`);
  if (opts.expectCount !== undefined && opts.expectCount !== r.active.length) {
    throw new Conflict(`the selection now matches ${r.active.length} credentials, not the ${opts.expectCount} previewed (a sync changed the inventory); preview again`);
  }
  if (!dryRun && r.active.length > CONFIRM_ORG_NAME_ABOVE && opts.confirmation?.trim().toLowerCase() !== login.toLowerCase()) {
    throw new InvalidInput("confirmation", `type the organization's name "${login}" to remove ${plural(r.active.length, "credential authorization")}`);
  }
  return insertJobOf({
    db, org: r.org, grants: [], credentials: r.active,
    selection: "ids" in target
      ? { kind: "credentials", ids: r.active.map((c) => c.credentialId) }
      : { kind: "credential_filter", query: toCredentialSearchParams({ filter: target.filter }).toString() },
    reason, actor, actorType, dryRun, runnerId: opts.runnerId, now,
  });
}
