// Engine verbs for removing SSO credential authorizations, part of the `revocations` group: the
// job they create is run, resumed, listed and shown by the same verbs as a grant revocation
// (`run`, `get`, `list`, the worker). Plain data in and out (bridged in embedded mode).
import { listCredentialItemRows } from "../../db/queries/revocation-credentials.ts";
import type { RevocationCredentialItem } from "../../db/schema.ts";
import type { RevocationItemStatus } from "../../model/statuses.ts";
import { installationClient, type EngineContext } from "../engine-context.ts";
import { getActingOrg } from "../orgs/acting-org.ts";
import { safeErrorMessage } from "../../model/database-errors.ts";
import { runRevocationJob } from "./run-job.ts";
import type { AppendAuditInput } from "../../db/queries/audit.ts";
import { createCredentialRemovalJob, previewCredentialRemoval, type CredentialRemovalPreview, type CredentialTarget } from "./credential-job.ts";
import { newRunnerId } from "./lease.ts";
import { getRevocationJob, type RevocationJobView } from "./view.ts";

export type { CredentialRemovalPreview, CredentialTarget, RevocationCredentialItem };

export function createCredentialRemovalVerbs(ctx: EngineContext) {
  return {
    /** What removing these credential authorizations would do (count, sample, calls, problems). Writes nothing, calls nothing. */
    async previewCredentials({ orgId, target, max }: { orgId: number; target: CredentialTarget; max?: number }): Promise<CredentialRemovalPreview> {
      return previewCredentialRemoval({ db: ctx.db, orgId, target, max });
    },

    /**
     * Creates the removal job (frozen, audited), held for `run` by the returned runner id. InvalidInput
     * names the field (credentialIds, reason, confirmation, selection); Conflict when `expectCount` no longer matches.
     */
    async createCredentials({ orgId, target, reason, actor, actorType, confirmation, expectCount, max }: {
      orgId: number; target: CredentialTarget; reason: string; actor: string; actorType: AppendAuditInput["actorType"];
      confirmation?: string; expectCount?: number; max?: number;
    }): Promise<{ job: RevocationJobView; runnerId: string }> {
      const runnerId = newRunnerId();
      const job = await createCredentialRemovalJob({ db: ctx.db, orgId, target, reason, actor, actorType, confirmation, expectCount, max, runnerId, now: ctx.now() });
      return { job, runnerId };
    },

    /**
     * The dashboard's "Remove authorizations": creates the job and runs it in this process in the
     * background (the job page shows progress); a crash leaves it to the worker's resume.
     */
    async startCredentials({ orgId, target, reason, actor, actorType, confirmation, expectCount }: {
      orgId: number; target: CredentialTarget; reason: string; actor: string; actorType: AppendAuditInput["actorType"];
      confirmation?: string; expectCount?: number;
    }): Promise<{ jobId: number }> {
      const octokit = installationClient(ctx, { org: await getActingOrg(ctx, orgId), doing: "removing credential authorizations", command: "revoke" });
      const runnerId = newRunnerId();
      const job = await createCredentialRemovalJob({ db: ctx.db, orgId, target, reason, actor, actorType, confirmation, expectCount, runnerId, now: ctx.now() });
      void runRevocationJob({ db: ctx.db, octokit, jobId: job.id, runnerId }).catch((error: unknown) => {
        ctx.log.error({ err: safeErrorMessage(error) }, `revocation job ${job.id} stopped`);
      });
      return { jobId: job.id };
    },

    /** A job's credential items by authorization id (`afterCredentialId` pages); another org's job is NotFound. */
    async credentialItems({ orgId, jobId, status = [], afterCredentialId, limit = 1000 }: {
      orgId: number; jobId: number; status?: RevocationItemStatus[]; afterCredentialId?: number; limit?: number;
    }): Promise<{ items: RevocationCredentialItem[]; nextAfter: number | null }> {
      await getRevocationJob({ db: ctx.db, jobId, orgId });
      const rows = await listCredentialItemRows({ db: ctx.db, jobId, status, afterCredentialId, limit: limit + 1 });
      const items = rows.slice(0, limit);
      return { items, nextAfter: rows.length > limit ? items[items.length - 1]!.credentialId : null };
    },
  };
}
