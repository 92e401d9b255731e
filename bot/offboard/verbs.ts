// Engine verbs for offboarding a person (group `offboarding`): preview, create + run (the CLI, with
// progress), start (the dashboard: create, then run in the background), get, list. Each org's part
// is a revocation job, so the server's revocation worker resumes an interrupted offboarding too.
import type { AppendAuditInput } from "../../db/queries/audit.ts";
import { safeErrorMessage } from "../../model/database-errors.ts";
import { installationClient, type EngineContext } from "../engine-context.ts";
import { getActingOrg } from "../orgs/acting-org.ts";
import { newRunnerId } from "../revoke/lease.ts";
import type { RevocationJobView } from "../revoke/view.ts";
import { createOffboarding } from "./create.ts";
import { planOffboarding, previewOf, type OffboardingPreview } from "./plan.ts";
import { runOffboarding } from "./run.ts";
import { getOffboarding, listOffboardings, type OffboardingView } from "./view.ts";

export type { OffboardingPreview, OffboardingView };

type StartInput = {
  login: string; orgs?: string[]; reason: string; actor: string; actorType: AppendAuditInput["actorType"];
  confirmation?: string; expectItems?: number;
};

export function createOffboardingVerbs(ctx: EngineContext) {
  const clientFor = async (orgId: number) =>
    installationClient(ctx, { org: await getActingOrg(ctx, orgId), doing: "offboarding", command: "offboard" });
  /** Every part's org must have a client before anything is written. */
  const checkClients = async (login: string, orgs?: string[]) => {
    for (const p of await planOffboarding({ db: ctx.db, login, orgs })) if (p.grants.length + p.credentials.length) await clientFor(p.org.id);
  };

  return {
    /** Per org: grants, credentials, removal calls (⌈grants/100⌉ + one per credential), look-ups before them, and why an org has no credential part. Writes nothing. */
    async preview({ login, orgs }: { login: string; orgs?: string[] }): Promise<OffboardingPreview> {
      return previewOf({ login, plans: await planOffboarding({ db: ctx.db, login, orgs }) });
    },

    /**
     * Creates the offboarding and its per-org jobs, held for `run` by the returned runner id.
     * InvalidInput names the field (login, orgs, reason, confirmation, selection); Conflict when `expectItems` no longer matches.
     */
    async create(input: StartInput): Promise<{ offboarding: OffboardingView; runnerId: string }> {
      await checkClients(input.login, input.orgs);
      const runnerId = newRunnerId();
      const offboarding = await createOffboarding({ db: ctx.db, ...input, runnerId, now: ctx.now() });
      return { offboarding, runnerId };
    },

    /** Runs (or resumes) the offboarding's unfinished parts; a finished one is returned as it is. */
    async run({ id, runnerId }: { id: number; runnerId?: string }, hooks: { signal?: AbortSignal; onProgress?: (part: RevocationJobView) => void } = {}): Promise<OffboardingView> {
      return runOffboarding({ db: ctx.db, id, octokitFor: clientFor, runnerId, signal: hooks.signal, onProgress: hooks.onProgress });
    },

    /** The dashboard's button: creates it and runs it in this process in the background (a crash leaves it to the worker). */
    async start(input: StartInput): Promise<{ id: number; jobIds: number[] }> {
      await checkClients(input.login, input.orgs);
      const runnerId = newRunnerId();
      const created = await createOffboarding({ db: ctx.db, ...input, runnerId, now: ctx.now() });
      void runOffboarding({ db: ctx.db, id: created.id, octokitFor: clientFor, runnerId }).catch((error: unknown) => {
        ctx.log.error({ err: safeErrorMessage(error) }, `offboarding ${created.id} stopped`);
      });
      return { id: created.id, jobIds: created.parts.map((p) => p.id) };
    },

    /** One offboarding with its parts' live counts (items: `revocations.get` / `revocations.credentialItems` per part). */
    async get({ id }: { id: number }): Promise<OffboardingView> {
      return getOffboarding({ db: ctx.db, id });
    },

    /** Newest first; `login` narrows to one person. */
    async list({ login, beforeId, limit }: { login?: string; beforeId?: number; limit?: number } = {}): Promise<OffboardingView[]> {
      return listOffboardings({ db: ctx.db, login, beforeId, limit });
    },
  };
}
