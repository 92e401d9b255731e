// One org's sync: a full sweep (grants + repositories, requests, members, SSO credentials) or the cheap
// incremental refresh, under the org's lease, recorded in sync_runs whatever happens.
import type { Db } from "../../db/client.ts";
import { refreshCredentialOwnerIsMember } from "../../db/queries/credential-sync.ts";
import { refreshOwnerIsMember } from "../../db/queries/members.ts";
import { markOrgSynced } from "../../db/queries/orgs.ts";
import { failInterruptedRuns, getLastSucceededRun } from "../../db/queries/sync-runs.ts";
import type { OctokitLike } from "../github/calls.ts";
import { silentLog, type OrgRef, type RepositoryStrategyOption, type SyncLog } from "./context.ts";
import { takeOrgLease } from "./org-lease.ts";
import { recordRun, type SyncProgress, type SyncResult } from "./record-run.ts";
import { refreshGrants } from "./refresh-grants.ts";
import { sideBySide } from "./side-by-side.ts";
import { isManualTrigger, sweepCredentials } from "./sweep-credentials.ts";
import { sweepGrants } from "./sweep-grants.ts";
import { sweepMembers } from "./sweep-members.ts";
import { sweepRequests } from "./sweep-requests.ts";

export type SyncOrgArgs = {
  db: Db;
  octokit: OctokitLike;
  org: OrgRef;
  /** "incremental" falls back to "full" when the org has never completed a sync. */
  kind: "full" | "incremental";
  trigger: string;
  log?: SyncLog;
  now?: () => Date;
  leaseTtlMs?: number;
  /** How subset grants' repositories are fetched; "auto" (default) chooses from the counts the sweep sees. */
  repositoryStrategy?: RepositoryStrategyOption;
  /** Grants seen so far (between pages), for a progress line. */
  onProgress?: (progress: SyncProgress) => void;
};

export async function syncOrg(args: SyncOrgArgs): Promise<SyncResult> {
  const { db, org } = args;
  const log = args.log ?? silentLog;
  const lease = await takeOrgLease({ db, org, ttlMs: args.leaseTtlMs, log });
  if ("busy" in lease) {
    log.info(lease.busy.message);
    return refused({ kind: args.kind, error: lease.busy.message });
  }
  try {
    // We hold the lease, so any sweep still marked running belongs to a process that died. Webhook
    // syncs take no lease and last seconds: one "running" for an hour died too.
    const now = (args.now ?? (() => new Date()))();
    await failInterruptedRuns({ db, orgId: org.id, kinds: ["full", "incremental"], now });
    await failInterruptedRuns({ db, orgId: org.id, kinds: ["grant", "owner", "requests", "members"], startedBefore: new Date(now.getTime() - 3_600_000), now });
    const last = args.kind === "incremental" ? await getLastSucceededRun({ db, orgId: org.id, kinds: ["full", "incremental"] }) : undefined;
    const kind = args.kind === "incremental" && last ? "incremental" : "full";
    const result = await recordRun({
      ...args,
      kind,
      log,
      checkpoint: lease.check,
      step: async (ctx) => {
        // Each part finalizes (removes, marks gone) only after its own listing completed. The
        // listings are independent, so they run side by side: against 30 ms of latency the request
        // and member walks took a quarter of a 10,000-grant first sync when they waited for the
        // grants (bench/profile-sync.ts). Owner membership needs both grants and members in.
        //
        // SSO credentials have no "changed since" filter, so an incremental sync walks their whole
        // list too: ⌈credentials/100⌉ calls, unchanged pages are free 304s, and it keeps last-accessed
        // times hourly like grants' last-used. Only for orgs whose last answer was a 200: an org
        // without SSO is asked once per full sync, not every hour.
        if (kind === "full") {
          await sideBySide(ctx, [
            (c) => sweepGrants({ ctx: c }), (c) => sweepRequests({ ctx: c }), (c) => sweepMembers({ ctx: c }), (c) => sweepCredentials({ ctx: c, askAgain: isManualTrigger(args.trigger) }),
          ]);
          await refreshOwnerIsMember({ db, orgId: org.id });
        } else {
          await sideBySide(ctx, [
            (c) => refreshGrants({ ctx: c, since: last!.startedAt }), (c) => sweepRequests({ ctx: c }), (c) => sweepCredentials({ ctx: c, onlyIfAvailable: true }),
          ]);
        }
        await refreshCredentialOwnerIsMember({ db, orgId: org.id });
      },
    });
    if (result.status === "succeeded") {
      const run = await getLastSucceededRun({ db, orgId: org.id, kinds: [kind] });
      if (run) await markOrgSynced({ db, orgId: org.id, kind, startedAt: run.startedAt });
    }
    return result;
  } finally {
    await lease.release();
  }
}

function refused({ kind, error }: { kind: "full" | "incremental"; error: string }): SyncResult {
  return {
    runId: null, kind, status: "conflict", error, errorKind: "Conflict",
    apiCalls: 0, notModified: 0, rateLimitSpent: 0, rateLimitRemaining: null, callsByFamily: {},
    grants: { seen: 0, added: 0, updated: 0, removed: 0 }, requestsSeen: 0, membersSeen: 0, durationMs: 0,
  };
}
