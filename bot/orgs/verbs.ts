// Engine verbs for orgs: find or resolve by login, list, connection status, pause/resume,
// disconnect, sync now. Each verb takes one object and returns plain data (the embedded-mode bridge
// carries both as JSON: bot/engine-wire.ts); faces reach them through createEngine (bot/engine.ts).
import { appendAudit } from "../../db/queries/audit.ts";
import { marksToken, readOrgChangeMarks } from "../../db/queries/org-version.ts";
import { readOrgSummaryStamp } from "../../db/queries/org-summary.ts";
import { findOrgByLogin, getSyncLease, listOrgs, setOrgSyncPaused } from "../../db/queries/orgs.ts";
import { deleteOrgData, findDashboardOrg, listDashboardOrgs, type DashboardOrg, type GrantSummary, type GrantSummaryBounds } from "../../db/queries/overview.ts";
import type { InventorySnapshot, JobState, Org, SyncRun } from "../../db/schema.ts";
import { Conflict, InvalidInput, NotFound } from "../../model/errors.ts";
import type { EngineContext } from "../engine-context.ts";
import { readConnections, readHistory, readOverview, type OrgConnection } from "./dashboard-reads.ts";
import { summariesIdle } from "./org-summary.ts";
import { readRollup, type Rollup } from "./rollup.ts";
import { createBackgroundJobs } from "../schedule/background.ts";
import { requestSync } from "./sync-now.ts";

export type { DashboardOrg, GrantSummary, GrantSummaryBounds, InventorySnapshot, JobState, Org, OrgConnection, SyncRun };
export type { CredentialCounts, OrgRollupRow, Rollup, RollupTotal } from "./rollup.ts";

/** Who changed an org's connection: a dashboard user, or the CLI. */
type Actor = { actor: string; actorType?: "user" | "cli" };

export function createOrgVerbs(ctx: EngineContext) {
  const background = createBackgroundJobs({ log: ctx.log });
  const dashboardOrg = async (login: string): Promise<DashboardOrg> => {
    const org = await findDashboardOrg({ db: ctx.db, login });
    if (!org) throw new NotFound(`No org named ${login} is connected to patwarden.`);
    return org;
  };
  const setPaused = async ({ login, actor, actorType = "user", paused }: Actor & { login: string; paused: boolean }) => {
    const org = await dashboardOrg(login);
    const changed = org.syncPaused !== paused;
    if (changed) await setOrgSyncPaused({ db: ctx.db, orgId: org.id, paused });
    await appendAudit({
      db: ctx.db, orgId: org.id, actor, actorType, action: paused ? "org.pause" : "org.resume",
      targetType: "org", targetId: org.id, result: changed ? "success" : "skipped",
    });
    return { login: org.login, paused, changed };
  };
  return {
    /** The org named `login` (any case); an unknown login is InvalidInput on `field`, listing the orgs patwarden knows. */
    async resolve({ login, field = "org" }: { login: string; field?: string }): Promise<Org> {
      const org = await findOrgByLogin({ db: ctx.db, login });
      if (org) return org;
      const known = (await listOrgs({ db: ctx.db })).map((o) => o.login);
      throw new InvalidInput(
        field,
        known.length
          ? `unknown org "${login}"; known orgs: ${known.join(", ")}`
          : `unknown org "${login}"; no orgs are known yet: install the App on the org, then run \`patwarden sync\``,
      );
    },
    async list(_: Record<string, never> = {}): Promise<Org[]> {
      return listOrgs({ db: ctx.db });
    },
    /** Every org with its installation's status and permissions, by login (case-insensitive order). */
    async listForDashboard(_: Record<string, never> = {}): Promise<DashboardOrg[]> {
      return listDashboardOrgs({ db: ctx.db });
    },
    /** One org with its installation's status and permissions (case-insensitive); null when unknown. */
    async findForDashboard({ login }: { login: string }): Promise<DashboardOrg | null> {
      return findDashboardOrg({ db: ctx.db, login });
    },
    /** The connection cards' data per org: last sync run, active grants, scheduled jobs' states. */
    async status({ orgIds }: { orgIds: number[] }): Promise<OrgConnection[]> {
      return readConnections(ctx, { orgIds });
    },
    /**
     * One org's overview counts (the page shapes them for the charts), read from its stored summary:
     * `asOf` says when they were counted, `bounds` the chart buckets' boundaries then.
     */
    async overview({ orgId, since }: { orgId: number; since: Date }) {
      return readOverview(ctx, { orgId, since });
    },
    /**
     * The enterprise roll-up: per installed org (active or suspended; only `orgIds` when given) and in
     * total, from the stored summaries (each row's `asOf`), with pending requests and the last sync.
     */
    async rollup({ orgIds }: { orgIds?: number[] } = {}): Promise<Rollup> {
      return readRollup(ctx, { orgIds });
    },
    /** One org's history: daily snapshots since `since`, revocations per week from `weeksFrom`. */
    async history(input: { orgId: number; since: Date; weeksFrom: Date }): Promise<{ snapshots: InventorySnapshot[]; revocations: { week: string; revoked: number }[] }> {
      return readHistory(ctx, input);
    },
    /** Stops scheduled syncs of the org (its inventory keeps its last state); audited, "skipped" when already paused. */
    async pause(input: Actor & { login: string }) {
      return setPaused({ ...input, paused: true });
    },
    async resume(input: Actor & { login: string }) {
      return setPaused({ ...input, paused: false });
    },
    /**
     * Deletes the org's inventory (grants, requests, members, sync history); the audit log and the
     * installation stay. Conflict while a sync of the org is running (it would fail half-way).
     */
    async disconnect({ login, actor, actorType = "user" }: Actor & { login: string }): Promise<{ login: string; grants: number }> {
      const org = await dashboardOrg(login);
      const lease = await getSyncLease({ db: ctx.db, orgId: org.id });
      if (lease.until && lease.until > ctx.now()) throw new Conflict(`A sync of ${org.login} is running; disconnect it when the sync has finished.`);
      const { grants } = await deleteOrgData({ db: ctx.db, orgId: org.id });
      await appendAudit({
        db: ctx.db, orgId: org.id, actor, actorType, action: "org.disconnect", targetType: "org", targetId: org.id,
        result: "success", details: { login: org.login, grantsDeleted: grants },
      });
      return { login: org.login, grants };
    },
    /** A full sync of the org now: queued (scheduler) or started here; audited either way. */
    async syncNow({ login, actor, actorType = "user" }: Actor & { login: string }): Promise<{ ok: boolean; message: string }> {
      const org = await dashboardOrg(login);
      const result = await requestSync(ctx, background, { login: org.login, actor });
      await appendAudit({
        db: ctx.db, orgId: org.id, actor, actorType, action: "org.sync_requested", targetType: "org", targetId: org.id,
        result: result.ok ? "success" : "failure", details: { message: result.message },
      });
      return result;
    },
    /**
     * A short token that changes whenever the org's pages would show something new (a sync, a
     * request, a revocation's progress, a policy run): the dashboard polls it and re-renders only then.
     */
    async version({ orgId }: { orgId: number }): Promise<{ version: string }> {
      // The overview's summary too: a recount (after writes, or as time moves the categories) shows.
      const [marks, summaryAt] = await Promise.all([readOrgChangeMarks({ db: ctx.db, orgId }), readOrgSummaryStamp({ db: ctx.db, orgId })]);
      if (!marks) throw new NotFound(`No org with id ${orgId} is connected to patwarden.`);
      return { version: marksToken([...Object.values(marks), summaryAt?.toISOString() ?? ""]) };
    },
    /** Resolves when every sync and overview recount this process started in the background has finished (shutdown, tests). */
    async idle(_: Record<string, never> = {}): Promise<void> {
      await background.idle();
      await summariesIdle(ctx.db);
    },
  };
}
