// GET /api/health: the database answers, GitHub answers (checked at most once a minute), version.
import type { Engine } from "../engine.ts";

export type HealthReport = {
  status: "ok" | "degraded" | "down";
  version: string;
  db: { ok: boolean; kind: string; error?: string };
  github: { ok: boolean; checkedAt: string; error?: string };
};

/** Any HTTP answer from the API root counts as reachable; no credentials are sent. */
export async function probeGitHub({ apiBaseUrl, timeoutMs = 5000 }: { apiBaseUrl: string; timeoutMs?: number }): Promise<void> {
  const res = await fetch(`${apiBaseUrl}/rate_limit`, {
    headers: { "user-agent": "patwarden-health", accept: "application/vnd.github+json" },
    signal: AbortSignal.timeout(timeoutMs),
  });
  await res.body?.cancel();
  if (res.status >= 500) throw new Error(`GitHub answered ${res.status}`);
}

export function createHealthCheck({ engine, dbKind, version, probe, ttlMs = 60_000, now = () => Date.now() }: {
  engine: Engine; dbKind?: string; version: string; probe: () => Promise<void>; ttlMs?: number; now?: () => number;
}): () => Promise<HealthReport> {
  let cached: { at: number; result: HealthReport["github"] } | undefined;
  let inFlight: Promise<HealthReport["github"]> | undefined;
  const checkGitHub = async (): Promise<HealthReport["github"]> => {
    if (cached && now() - cached.at < ttlMs) return cached.result;
    inFlight ??= probe()
      .then(() => ({ ok: true, checkedAt: new Date(now()).toISOString() }))
      .catch((err: unknown) => ({ ok: false, checkedAt: new Date(now()).toISOString(), error: err instanceof Error ? err.message : String(err) }))
      .then((result) => {
        cached = { at: now(), result };
        inFlight = undefined;
        return result;
      });
    return inFlight;
  };
  return async () => {
    const [dbResult, github] = await Promise.all([
      engine.ops.checkDatabase().then((db) => ({ ...db, kind: dbKind ?? db.kind })),
      checkGitHub(),
    ]);
    const status = !dbResult.ok ? "down" : github.ok ? "ok" : "degraded";
    return { status, version, db: dbResult, github };
  };
}
