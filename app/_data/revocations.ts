import "server-only";
// Revocation for the dashboard: preview, start a job, revoke one grant, and read jobs back.
// Every function takes the viewer and checks revoke access to the org before anything else; a
// "select all matching" target is the URL's filter, resolved here against the inventory, never a
// list of ids from the browser.
import type { RevocationTarget } from "../../bot/revoke/verbs.ts";
import { overlapState, type OverlappingJob } from "../../bot/revoke/overlap.ts";
import { parseGrantQuery } from "../../model/grant-filter.ts";
import { InvalidInput } from "../../model/errors.ts";
import { checkOrgAccess, type OrgContext } from "./org-access.ts";
import { getDashboardRuntime } from "./runtime.ts";
import type { Viewer } from "./viewer.ts";

/** What the browser sends: the ids it shows as selected, or the grants table's query string. */
export type RevokeTargetInput = { kind: "ids"; ids: number[] } | { kind: "filter"; query: string };

export type RevokePreviewView = {
  org: string;
  count: number;
  /** More than `count` (the limit) match: the preview stopped counting there; the exact figure comes from countRevocationFor. */
  countCapped: boolean;
  owners: { login: string; count: number }[];
  /** Owners beyond the ones listed. */
  moreOwners: number;
  sample: { id: number; tokenName: string; owner: string; lastUsedAt: Date | null }[];
  batches: number;
  confirmOrgName: boolean;
  /** A sentence when this selection cannot be revoked as it is (nothing matches, too many, foreign ids). */
  problem: string | null;
};

const OWNERS_SHOWN = 8;

export function toRevocationTarget(input: RevokeTargetInput): RevocationTarget {
  if (input.kind === "ids") return { ids: input.ids };
  const params = new URLSearchParams(input.query);
  const raw = Object.fromEntries([...new Set(params.keys())].map((k) => [k, params.getAll(k)]));
  const { filter } = parseGrantQuery({ input: raw });
  if (filter.state === "removed") throw new InvalidInput("filter", "shows removed grants; only active grants can be revoked");
  return { filter: { ...filter, state: "active" } };
}

async function revokerOf({ viewer, org }: { viewer: Viewer | null; org: string }): Promise<{ viewer: Viewer; org: OrgContext["org"] }> {
  const ctx = await checkOrgAccess({ viewer, org, need: "revoke" });
  return { viewer: viewer!, org: ctx.org };
}

/**
 * The engine says the App is missing "in this process"; here that process is the dashboard's server.
 * By kind and field, not instanceof: Next's bundle has its own copy of model/errors.ts.
 */
/** A second job over grants an unfinished job holds is refused (it would send and count them twice). */
function overlapProblem(job: OverlappingJob, login: string): string {
  const n = `${job.overlap.toLocaleString("en-US")} of these grants`;
  const left = `${job.left.toLocaleString("en-US")} of ${job.total.toLocaleString("en-US")} left`;
  const state = overlapState(job);
  return state === "running" ? `Revocation job ${job.id} is revoking ${n} right now (${left}); wait for it to finish, or leave them out.`
    : state === "queued" ? `${n} wait in revocation job ${job.id}, queued (${left}); the server starts it shortly.`
    : `${n} belong to revocation job ${job.id}, which stopped before finishing (${left}); a running server resumes it on its own, or run \`patwarden revoke --org ${login} --job ${job.id}\`.`;
}

function fromTheDashboard(login: string) {
  return (e: unknown): never => {
    const { kind, field } = e as { kind?: string; field?: string };
    if (kind === "InvalidInput" && field === "github") {
      throw new InvalidInput("github", `revoking from the dashboard needs the GitHub App on this server (APP_ID and PRIVATE_KEY); use \`npx patwarden revoke --org ${login}\` where it is configured`);
    }
    throw e;
  };
}

export async function previewRevocationFor({ viewer, org, target }: {
  viewer: Viewer | null; org: string; target: RevokeTargetInput;
}): Promise<RevokePreviewView> {
  const { org: row } = await revokerOf({ viewer, org });
  // Quick: the count stops past the limit, so the dialog opens at once at any size; the exact count follows live.
  const p = await getDashboardRuntime().engine.revocations.preview({ orgId: row.id, target: toRevocationTarget(target), quick: true });
  const problem = p.unknown.length ? `${p.unknown.length} of the selected ids are not grants of ${row.login}; reload the page and select again.`
    : p.alreadyRemoved.length ? `${p.alreadyRemoved.length} of the selected grants are no longer active; reload the page and select again.`
    : p.overlapping[0] ? overlapProblem(p.overlapping[0], row.login)
    : p.count === 0 ? "No active grants match this selection; nothing would be revoked."
    : p.tooMany ? `This selects ${p.countCapped ? "more than " : ""}${p.count.toLocaleString("en-US")} grants; at most ${p.max.toLocaleString("en-US")} can be revoked at once. Narrow the filter.`
    : null;
  return {
    org: row.login,
    count: p.count,
    countCapped: p.countCapped,
    owners: p.owners.slice(0, OWNERS_SHOWN),
    moreOwners: Math.max(0, p.owners.length - OWNERS_SHOWN),
    sample: p.sample.map((g) => ({ id: g.id, tokenName: g.tokenName, owner: g.owner, lastUsedAt: g.lastUsedAt })),
    batches: p.batches,
    confirmOrgName: p.confirmOrgName,
    problem,
  };
}

/**
 * The exact count of a selection, however long it takes; `signal` (the browser closing the dialog or
 * changing the selection drops the request) cancels the query on the server.
 */
export async function countRevocationFor({ viewer, org, target, signal }: {
  viewer: Viewer | null; org: string; target: RevokeTargetInput; signal?: AbortSignal;
}): Promise<{ count: number }> {
  const { org: row } = await revokerOf({ viewer, org });
  return getDashboardRuntime().engine.revocations.count({ orgId: row.id, target: toRevocationTarget(target) }, { signal });
}

/**
 * Creates the job (frozen selection, audited) and runs it in this process in the background; the
 * job page shows its progress. The lease taken at creation keeps any other runner off it, and a
 * crash leaves it to the server's resume.
 */
export async function startRevocation({ viewer, org, target, reason, confirmation, expectCount }: {
  viewer: Viewer | null; org: string; target: RevokeTargetInput; reason: string; confirmation?: string; expectCount?: number;
}): Promise<{ jobId: number; org: string }> {
  const { viewer: who, org: row } = await revokerOf({ viewer, org });
  const { jobId } = await getDashboardRuntime().engine.revocations.start({
    orgId: row.id, target: toRevocationTarget(target), reason, actor: who.login, actorType: "user", confirmation, expectCount,
  }).catch(fromTheDashboard(row.login));
  return { jobId, org: row.login };
}

/** The grant page's button: update_pat_access for one grant, answered when GitHub has answered. */
export async function revokeOneGrant({ viewer, org, grantId, reason }: {
  viewer: Viewer | null; org: string; grantId: number; reason: string;
}): Promise<{ outcome: string; error: string | null; jobId: number }> {
  const { viewer: who, org: row } = await revokerOf({ viewer, org });
  const { outcome, error, jobId } = await getDashboardRuntime().engine.revocations
    .revokeOne({ orgId: row.id, grantId, reason, actor: who.login, actorType: "user" })
    .catch(fromTheDashboard(row.login));
  return { outcome, error, jobId };
}
