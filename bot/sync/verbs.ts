// Engine verbs for sync: register installations, sync one org or all, webhook-driven updates. Each verb takes one object and returns plain data (the embedded-mode
// bridge carries both as JSON: bot/engine-wire.ts); faces reach them through createEngine (bot/engine.ts).
import { appendAudit } from "../../db/queries/audit.ts";
import { countGrants } from "../../db/queries/grants.ts";
import { setInstallationStatus } from "../../db/queries/installations.ts";
import type { Org } from "../../db/schema.ts";
import type { EngineContext } from "../engine-context.ts";
import type { OctokitLike } from "../github/calls.ts";
import { clientFor, findActingOrg, getActingOrg } from "../orgs/acting-org.ts";
import type { OrgRef } from "./context.ts";
import type { SyncProgress, SyncResult } from "./record-run.ts";
import { registerInstallation, registerInstallations, type RegisteredInstallation } from "./register-installations.ts";
import { describeSummary, syncOrgs, type OrgSyncSummary, type SyncKindChoice } from "./sync-orgs.ts";
import { syncOrg } from "./sync-org.ts";
import { syncOwnerGrants } from "./sync-owner-grants.ts";

export { describeSummary };
export type { OrgSyncSummary, RegisteredInstallation, SyncKindChoice, SyncProgress, SyncResult };

/** Progress of sync.run, in this process only (absent over the bridge). */
export type SyncRunHooks = {
  onStart?: (org: Pick<Org, "id" | "login">, kind: "full" | "incremental") => void;
  onResult?: (summary: OrgSyncSummary) => void;
  /** Grants seen so far in the org being synced, against its active grants before the run. */
  onProgress?: (progress: SyncProgress & { org: string }) => void;
  signal?: AbortSignal;
};

/** A webhook's installation client (Probot's); without it the App's own client for the org is used. */
export type WebhookClient = { octokit?: OctokitLike };

export function createSyncVerbs(ctx: EngineContext) {
  return {
    /** GET /app/installations → installations and their orgs; ones GitHub no longer lists are marked uninstalled. */
    async registerInstallations(_: Record<string, never> = {}): Promise<RegisteredInstallation[]> {
      return registerInstallations({ db: ctx.db, appOctokit: ctx.github().appOctokit, now: ctx.now });
    },
    /**
     * Syncs every active org (or `login`), one at a time; paused orgs only when named. "auto" picks
     * a full sweep when the last one is a day old. `register` refreshes the installations first.
     */
    async run({ login, kind, trigger, register = true }: { login?: string; kind: SyncKindChoice; trigger: string; register?: boolean }, hooks: SyncRunHooks = {}) {
      return syncOrgs({ db: ctx.db, github: ctx.github(), kind, trigger, login, register, ...hooks });
    },
    /** How many grants of the org are stored (removed ones too): a long first sync's progress. */
    async countStored({ orgId }: { orgId: number }): Promise<number> {
      return countGrants({ db: ctx.db, orgId });
    },
    /** One org's sync with a given client (the `installation.created` webhook's first sync). */
    async syncOrg({ org, kind, trigger }: { org: OrgRef; kind: "full" | "incremental"; trigger: string }, hooks: WebhookClient = {}): Promise<SyncResult> {
      const octokit = hooks.octokit ?? clientFor(ctx, { org: await getActingOrg(ctx, org.id), doing: "syncing", command: "sync" });
      return syncOrg({ db: ctx.db, octokit, org, kind, trigger });
    },
    /**
     * installation.created | deleted | suspend | unsuspend: the installation and its org kept
     * current (deletion is ours to record), and audited. Returns what was recorded.
     */
    async applyInstallationEvent({ action, installation, sender }: { action: string; installation: unknown; sender: string }) {
      const now = ctx.now();
      const registered = await registerInstallation({ db: ctx.db, installation, now });
      if (action === "deleted") await setInstallationStatus({ db: ctx.db, installationId: registered.installationId, status: "uninstalled", now });
      const status = action === "deleted" ? "uninstalled" : registered.status;
      await appendAudit({
        db: ctx.db,
        orgId: registered.org?.id ?? null,
        actor: sender,
        actorType: "webhook",
        action: `installation.${action}`,
        targetType: "installation",
        targetId: registered.installationId,
        result: "success",
        details: { account: registered.org?.login ?? null, status },
      });
      return { installationId: registered.installationId, org: registered.org, status };
    },
    /**
     * organization.member_removed: the member's grants refreshed with one owner-filtered listing and
     * flagged as belonging to someone who left; audited. null when patwarden does not know the org.
     */
    async applyMemberRemoved({ orgId, member, sender }: { orgId: number; member: string; sender: string }, hooks: WebhookClient = {}): Promise<SyncResult | null> {
      const org = await findActingOrg(ctx, orgId);
      if (!org) return null;
      const octokit = clientFor(ctx, { org, octokit: hooks.octokit, doing: "refreshing a member's grants", command: "sync" });
      const result = await syncOwnerGrants({ db: ctx.db, octokit, org: { id: org.id, login: org.login }, owner: member });
      await appendAudit({
        db: ctx.db,
        orgId: org.id,
        actor: sender,
        actorType: "webhook",
        action: "member.removed",
        targetType: "user",
        targetId: member,
        result: "success",
        details: { ownerGrantSync: result },
      });
      return result;
    },
  };
}
