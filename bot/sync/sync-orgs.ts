// Syncs every active org (or one), one at a time: shared by `patwarden sync`, the scheduler and the demo.
import type { Db } from "../../db/client.ts";
import { listInstallations } from "../../db/queries/installations.ts";
import { listOrgs } from "../../db/queries/orgs.ts";
import type { Org } from "../../db/schema.ts";
import type { GitHubApp } from "../github/client.ts";
import { registerInstallations, syncOrg } from "./index.ts";
import { CREDENTIAL_SOURCE_TEXT } from "../../model/credentials.ts";
import type { CredentialSyncStats } from "./credential-stats.ts";
import type { SyncProgress } from "./record-run.ts";

export type SyncKindChoice = "full" | "incremental" | "auto";

export type OrgSyncSummary = {
  org: string;
  kind: "full" | "incremental";
  ok: boolean;
  status: string;
  error?: string;
  apiCalls: number;
  rateLimitSpent: number;
  grants: { seen: number; added: number; updated: number; removed: number };
  /** SSO credentials, when the run asked GitHub for them. */
  credentials?: CredentialSyncStats;
  durationMs: number;
};

const DAY_MS = 86_400_000;

/** "auto": a full sweep when the last one is a day old (or never ran), else the cheap incremental refresh. */
export function chooseKind({ org, kind, now }: { org: Org; kind: SyncKindChoice; now: Date }): "full" | "incremental" {
  if (kind !== "auto") return kind;
  return !org.lastFullSyncAt || now.getTime() - org.lastFullSyncAt.getTime() >= DAY_MS ? "full" : "incremental";
}

/** Orgs whose installation is active; paused orgs only when asked for by name. */
export async function listSyncableOrgs({ db, login }: { db: Db; login?: string }): Promise<{ syncable: Org[]; skipped: { org: string; why: string }[] }> {
  const installations = new Map((await listInstallations({ db })).map((i) => [i.id, i]));
  const syncable: Org[] = [];
  const skipped: { org: string; why: string }[] = [];
  for (const org of await listOrgs({ db })) {
    if (login && org.login.toLowerCase() !== login.toLowerCase()) continue;
    const inst = org.installationId ? installations.get(org.installationId) : undefined;
    if (!inst || inst.status !== "active") skipped.push({ org: org.login, why: `installation ${inst?.status ?? "missing"}` });
    else if (org.syncPaused && !login) skipped.push({ org: org.login, why: "sync paused" });
    else syncable.push(org);
  }
  return { syncable, skipped };
}

export async function syncOrgs({ db, github, kind, trigger, login, register = true, onStart, onResult, onProgress, signal }: {
  db: Db;
  github: GitHubApp;
  kind: SyncKindChoice;
  trigger: string;
  /** Only this org (case-insensitive). */
  login?: string;
  /** Refresh the installation list from GitHub first (finds new orgs). */
  register?: boolean;
  onStart?: (org: Org, kind: "full" | "incremental") => void;
  onResult?: (summary: OrgSyncSummary) => void;
  /** Grants seen so far in the org being synced (between pages). */
  onProgress?: (progress: SyncProgress & { org: string }) => void;
  signal?: AbortSignal;
}): Promise<{ results: OrgSyncSummary[]; skipped: { org: string; why: string }[] }> {
  if (register) await registerInstallations({ db, appOctokit: github.appOctokit });
  const { syncable, skipped } = await listSyncableOrgs({ db, login });
  const results: OrgSyncSummary[] = [];
  for (const org of syncable) {
    if (signal?.aborted) break;
    const chosen = chooseKind({ org, kind, now: new Date() });
    onStart?.(org, chosen);
    const started = Date.now();
    const summary = await syncOrg({
      db,
      octokit: github.installationOctokit(org.installationId!),
      org: { id: org.id, login: org.login },
      kind: chosen,
      trigger,
      ...(onProgress ? { onProgress: (p: SyncProgress) => onProgress({ ...p, org: org.login }) } : {}),
    }).then(
      (r) => ({
        org: org.login, kind: chosen, ok: r.status === "succeeded", status: r.status, error: r.error ?? undefined,
        apiCalls: r.apiCalls, rateLimitSpent: r.rateLimitSpent, grants: r.grants,
        ...(r.credentials ? { credentials: r.credentials } : {}), durationMs: Date.now() - started,
      }),
      (err: unknown) => ({
        org: org.login, kind: chosen, ok: false, status: "failed", error: err instanceof Error ? err.message : String(err),
        apiCalls: 0, rateLimitSpent: 0, grants: { seen: 0, added: 0, updated: 0, removed: 0 }, durationMs: Date.now() - started,
      }),
    );
    results.push(summary);
    onResult?.(summary);
  }
  return { results, skipped };
}

export function describeSummary(s: OrgSyncSummary): string {
  const g = s.grants;
  const head = `${s.org}: ${s.kind} sync ${s.ok ? "succeeded" : "FAILED"} in ${(s.durationMs / 1000).toFixed(1)} s`;
  const numbers = `${s.apiCalls} API calls, ${s.rateLimitSpent} rate-limit points; grants seen ${g.seen}, added ${g.added}, updated ${g.updated}, removed ${g.removed}`;
  return `${head} — ${numbers}${describeCredentials(s.credentials)}${s.ok ? "" : `\n  reason: ${s.error ?? s.status}`}`;
}

/** One line for SSO credentials: the source's status, with the counts when it was read. */
function describeCredentials(c: CredentialSyncStats | undefined): string {
  if (!c?.status) return "";
  const counts = c.status === "available" ? ` — seen ${c.seen}, added ${c.added}, updated ${c.updated}, removed ${c.removed}` : "";
  return `\n  ${CREDENTIAL_SOURCE_TEXT[c.status]}${counts}`;
}
