// Shared setup for revocation tests: a simulator, a fresh database synced from it, an App client
// with short timeouts, and an Octokit wrapper that records every mutating call with its ids and
// whether GitHub accepted it (the simulator's request log has no bodies).
import { and, asc, eq, isNull } from "drizzle-orm";
import { expect } from "vitest";
import type { DbHandle } from "../../db/client.ts";
import { listAudit } from "../../db/queries/audit.ts";
import { findOrgByLogin } from "../../db/queries/orgs.ts";
import { grants } from "../../db/schema.ts";
import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/core";
import { retry } from "@octokit/plugin-retry";
import { createGitHubApp, type GitHubApp } from "../../bot/github/client.ts";
import { renewTokenOn401, requestTimeout } from "../../bot/github/plugins.ts";
import type { OctokitLike, ResponseLike } from "../../bot/github/calls.ts";
import { startSimulator, type Simulator, type SimOrgSpec } from "../../simulator/index.ts";
import { registerInstallations, syncOrg } from "../../bot/sync/index.ts";
import { createTestDb } from "../helpers/db.ts";

export type OrgInfo = { id: number; login: string; installationId: number };

export type RecordedCall = { route: string; ids: number[]; status: number };

export type RevokeHarness = {
  sim: Simulator;
  h: DbHandle;
  app: GitHubApp;
  org: (login: string) => Promise<OrgInfo>;
  /** A recording installation client; `calls` collects what it sent. */
  recording: (login: string, hook?: CallHook) => Promise<{ octokit: OctokitLike; calls: RecordedCall[] }>;
  sync: (login: string) => Promise<void>;
  close: () => Promise<void>;
};

/** Runs before a mutating call is forwarded; may throw to stand in for a failure. */
export type CallHook = (call: { route: string; ids: number[]; index: number }) => void | Promise<void>;

const FastOctokit = Octokit.plugin(requestTimeout, renewTokenOn401, retry).defaults({ userAgent: "patwarden-test" });

const quietLog = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export async function startRevokeHarness({ orgs }: { orgs: SimOrgSpec[] }): Promise<RevokeHarness> {
  const sim = await startSimulator({ orgs });
  const h = await createTestDb();
  const app = createGitHubApp({
    appId: sim.app.id, privateKey: sim.app.privateKey, baseUrl: sim.apiUrl,
    requestTimeoutMs: 2_000, retryBaseMs: 10, retries: 2, maxRateLimitWaitMs: 2_000, log: quietLog,
  });
  await registerInstallations({ db: h.db, appOctokit: app.appOctokit });
  const org = async (login: string) => {
    const row = await findOrgByLogin({ db: h.db, login });
    if (!row?.installationId) throw new Error(`org ${login} not registered`);
    return { id: row.id, login: row.login, installationId: row.installationId };
  };
  return {
    sim, h, app, org,
    async recording(login, hook) {
      // The production client's throttling plugin spaces writes a second apart; the engine paces
      // on its own (pacingMs), so tests use the same plugins minus throttling to stay quick.
      const inner = new FastOctokit({
        baseUrl: sim.apiUrl, authStrategy: createAppAuth, requestTimeoutMs: 2_000, retry: { retries: 2, retryAfterBaseValue: 10 },
        auth: { appId: sim.app.id, privateKey: sim.app.privateKey, installationId: (await org(login)).installationId },
      });
      const calls: RecordedCall[] = [];
      const octokit: OctokitLike = {
        async request(route: string, options?: Record<string, unknown>): Promise<ResponseLike> {
          if (!route.startsWith("POST ")) return inner.request(route, options);
          const ids = idsOf(options);
          await hook?.({ route, ids, index: calls.length });
          try {
            const res = await inner.request(route, options);
            calls.push({ route, ids, status: res.status });
            return res;
          } catch (e) {
            calls.push({ route, ids, status: (e as { status?: number }).status ?? 0 });
            throw e;
          }
        },
      };
      return { octokit, calls };
    },
    async sync(login) {
      const o = await org(login);
      const result = await syncOrg({ db: h.db, octokit: app.installationOctokit(o.installationId), org: o, kind: "full", trigger: "test" });
      if (result.status !== "succeeded") throw new Error(`sync of ${login} failed: ${result.error}`);
    },
    async close() {
      await h.close();
      await sim.close();
    },
  };
}

function idsOf(options: Record<string, unknown> | undefined): number[] {
  if (Array.isArray(options?.pat_ids)) return options.pat_ids as number[];
  if (typeof options?.pat_id === "number") return [options.pat_id];
  if (Array.isArray(options?.pat_request_ids)) return options.pat_request_ids as number[];
  if (typeof options?.pat_request_id === "number") return [options.pat_request_id];
  return [];
}

/** Active grant ids in the inventory, ascending. */
export async function activeGrantIds({ h, orgId }: { h: DbHandle; orgId: number }): Promise<number[]> {
  const rows = await h.db.select({ id: grants.id }).from(grants).where(and(eq(grants.orgId, orgId), isNull(grants.removedAt))).orderBy(asc(grants.id));
  return rows.map((r) => r.id);
}

export const simGrantIds = (sim: Simulator, login: string) => new Set(sim.control.org(login).grants.map((g) => g.id));

/** Bulk revoke calls GitHub accepted. */
export const acceptedBulk = (calls: RecordedCall[]) => calls.filter((c) => c.route === "POST /orgs/{org}/personal-access-tokens" && c.status === 202);

/** No grant id appears in two calls GitHub accepted. */
export function expectNoIdAcceptedTwice(calls: RecordedCall[]) {
  const seen = new Map<number, number>();
  for (const c of calls.filter((x) => x.status >= 200 && x.status < 300)) for (const id of c.ids) seen.set(id, (seen.get(id) ?? 0) + 1);
  expect([...seen].filter(([, n]) => n > 1)).toEqual([]);
}

/** Exactly one grant.revoke audit entry per grant in `ids`, none for others of this job. */
export async function expectOneAuditEach({ h, orgId, jobId, ids }: { h: DbHandle; orgId: number; jobId: number; ids: number[] }) {
  const entries = (await listAudit({ db: h.db, orgId, filter: { action: "grant.revoke", limit: 1000 } }))
    .filter((e) => (e.details as { jobId?: number }).jobId === jobId);
  expect(entries.map((e) => Number(e.targetId)).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
  return entries;
}
