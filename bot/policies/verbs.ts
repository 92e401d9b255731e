// Engine verbs for policies: the rules in force, reload, preview (dry run) and run, runs and their items. Each verb takes one object and returns plain data (the embedded-mode
// bridge carries both as JSON: bot/engine-wire.ts); faces reach them through createEngine (bot/engine.ts).
// An optional second argument carries what only a local caller has (a webhook's installation client).
import { getPolicyRunView, listPolicyRunItemsView, listPolicyRunsViewPage } from "../../db/queries/policy-views.ts";
import { listCredentialRunItems } from "../../db/queries/policy-credentials.ts";
import { decodeTimeKeyset } from "../../model/time-cursor.ts";
import { DAY_MS } from "../../model/categories.ts";
import type { EngineContext } from "../engine-context.ts";
import type { OctokitLike } from "../github/calls.ts";
import { clientFor, findActingOrg, getActingOrg, type ActingOrg } from "../orgs/acting-org.ts";
import { getEffectivePolicy, type EffectivePolicy } from "./effective.ts";
import { loadPolicyConfig } from "./load-config.ts";
import { runPolicies, type PolicyRunResult } from "./run-policies.ts";

export type { EffectivePolicy, PolicyRunResult };
export type { PolicyConfig, PolicyConfigError } from "./config.ts";
export type { PolicyCredentialRunItem, PolicyRun, PolicyRunItem } from "../../db/schema.ts";
export type { PolicyRunListRow } from "../../db/queries/policy-views.ts";

/** The scheduled run re-reads a stored file older than this (the push webhook keeps it current otherwise). */
const POLICY_FILE_MAX_AGE_MS = DAY_MS;
const READING = { doing: "Reading the policy file", command: "policy" } as const;

export type RunInput = {
  orgId: number;
  /** What started the run: "cli", "schedule", "dashboard" … */
  trigger: string;
  /** Who started it (a login, the OS user, "patwarden[schedule]"). */
  actor: string;
  /** The evaluation clock (tests and the demo move it); defaults to the engine's. */
  now?: Date;
  /** Hosts notify.webhookUrl may name although they resolve to non-public addresses (NOTIFY_WEBHOOK_ALLOWED_HOSTS). */
  webhookAllowedHosts?: readonly string[];
};

export function createPolicyVerbs(ctx: EngineContext) {
  const reloadFor = (org: ActingOrg, octokit?: OctokitLike) =>
    loadPolicyConfig({ db: ctx.db, octokit: clientFor(ctx, { org, octokit, ...READING }), org: { id: org.id, login: org.login }, now: ctx.now() });

  const run = async ({ orgId, trigger, actor, now, webhookAllowedHosts, dryRun }: RunInput & { dryRun: boolean }): Promise<PolicyRunResult> => {
    const org = await getActingOrg(ctx, orgId);
    const octokit = clientFor(ctx, { org, doing: dryRun ? "A policy dry run" : "A policy run", command: "policy" });
    return runPolicies({ db: ctx.db, octokit, org: { id: org.id, login: org.login }, now: now ?? ctx.now(), dryRun, trigger, actor, webhookAllowedHosts });
  };

  return {
    /**
     * The org's policy; with `reload`, read from GitHub first. A read GitHub fails keeps the stored
     * copy and says why in `reloadError`; a process without the App, or an inactive installation, throws.
     */
    async show({ orgId, reload = false }: { orgId: number; reload?: boolean }): Promise<{ policy: EffectivePolicy; reloadError: string | null }> {
      const org = await getActingOrg(ctx, orgId);
      if (!reload) return { policy: await getEffectivePolicy({ db: ctx.db, orgId }), reloadError: null };
      const octokit = clientFor(ctx, { org, ...READING });
      try {
        return { policy: await reloadFor(org, octokit), reloadError: null };
      } catch (e) {
        return { policy: await getEffectivePolicy({ db: ctx.db, orgId }), reloadError: e instanceof Error ? e.message : String(e) };
      }
    },

    /** Reads the policy file from GitHub and stores it; null for an org patwarden does not know (a push webhook before the first sync). */
    async reload({ orgId }: { orgId: number }, hooks: { octokit?: OctokitLike } = {}): Promise<EffectivePolicy | null> {
      const org = await findActingOrg(ctx, orgId);
      return org ? reloadFor(org, hooks.octokit) : null;
    },

    /** The exact plan a run would carry out, recorded as a dry-run policy run; nothing is warned, notified or revoked. */
    async preview(input: RunInput): Promise<PolicyRunResult> {
      return run({ ...input, dryRun: true });
    },

    /** Runs the policy for real: warns owners, revokes what is past its grace period (within the guardrails). */
    async run(input: RunInput & { dryRun?: boolean }): Promise<PolicyRunResult> {
      return run({ ...input, dryRun: input.dryRun ?? false });
    },

    /**
     * The run after each scheduled sync: a stored file older than a day (or none) is read again
     * first (if GitHub cannot be reached, the stored copy is used and `reloadError` says why).
     * A failed run throws, so the job is retried.
     */
    async runScheduled({ orgId, actor, webhookAllowedHosts }: { orgId: number; actor: string; webhookAllowedHosts?: readonly string[] }): Promise<{
      outcome: "skipped" | "succeeded"; note: string; reloadError: string | null;
    }> {
      const org = await findActingOrg(ctx, orgId);
      if (!org?.installationId) return { outcome: "skipped", note: "org no longer installed", reloadError: null };
      let reloadError: string | null = null;
      const stored = await getEffectivePolicy({ db: ctx.db, orgId });
      if (!stored.loadedAt || ctx.now().getTime() - stored.loadedAt.getTime() > POLICY_FILE_MAX_AGE_MS) {
        await reloadFor(org).catch((e: unknown) => void (reloadError = e instanceof Error ? e.message : String(e)));
      }
      const octokit = clientFor(ctx, { org, doing: "A policy run", command: "policy" });
      const result = await runPolicies({ db: ctx.db, octokit, org: { id: org.id, login: org.login }, dryRun: false, trigger: "schedule", actor, webhookAllowedHosts });
      if (result.status === "failed") throw new Error(result.errors.join("; ") || "policy run failed");
      if (result.skippedReason) return { outcome: "skipped", note: result.skippedReason, reloadError };
      const note = `run ${result.runId}, ${result.items.length} items${result.errors.length ? `, ${result.errors.length} problems: ${result.errors[0]}` : ""}`;
      return { outcome: "succeeded", note, reloadError };
    },

    /**
     * Newest first, each with its items counted per outcome, `limit` a page: `before`/`after` a cursor (the
     * page's `older`/`newer`) reads the older/newer runs past it (model/time-cursor.ts; a bad one is InvalidInput).
     */
    async listRuns({ orgId, limit = 50, after, before }: { orgId: number; limit?: number; after?: string; before?: string }) {
      return listPolicyRunsViewPage({ db: ctx.db, orgId, limit, ...decodeTimeKeyset({ after, before, list: "policy-runs" }) });
    },

    /** One run of this org with its items (bounded) and every item counted per outcome, or null when the org has no such run. */
    async getRun({ orgId, runId }: { orgId: number; runId: number }) {
      const run = await getPolicyRunView({ db: ctx.db, orgId, runId });
      if (!run) return null;
      const [{ rows, total, counts }, credentials] = await Promise.all([
        listPolicyRunItemsView({ db: ctx.db, orgId, runId }),
        listCredentialRunItems({ db: ctx.db, orgId, runId }),
      ]);
      return { run, items: rows, total, counts, credentials: { items: credentials.rows, total: credentials.total, counts: credentials.counts } };
    },
  };
}
