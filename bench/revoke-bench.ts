// Bulk revoke of N grants with GitHub's serial pacing, killed (SIGKILL) part-way and resumed by a
// second process: calls, wall time, and proof that no grant was sent twice.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { and, count, eq, isNull } from "drizzle-orm";
import { startSimulator } from "../simulator/index.ts";
import { createRevocationJob, getRevocationJob, newRunnerId } from "../bot/revoke/index.ts";
import { findOrgByLogin } from "../db/queries/orgs.ts";
import { grants } from "../db/schema.ts";
import { runWorker } from "./child.ts";
import { createBenchDb } from "./db.ts";

export type RevokeMeasure = {
  grants: number; pacingMs: number; killedAfterMs: number; revokeCalls: number; lookupCalls: number; refused: number;
  revoked: number; alreadyGone: number; failed: number; settledBeforeKill: number; revokedOnGitHub: number; wallMs: number; activeAfter: number;
};

const here = path.dirname(fileURLToPath(import.meta.url));

export async function benchRevoke({ n, pacingMs, killAfterMs, log }: { n: number; pacingMs: number; killAfterMs: number; log: (m: string) => void }): Promise<RevokeMeasure> {
  const login = "revokeco";
  const sim = await startSimulator({ seed: 3, orgs: [{ login, grants: n + 200, repos: 200, subsetShare: 0.2 }] });
  const db = await createBenchDb({ label: "revoke" });
  try {
    const truth = sim.control.org(login);
    sim.control.setRateLimit(truth.installationId, { limit: 1_000_000, remaining: 1_000_000 });
    const common = { apiUrl: sim.apiUrl, appId: sim.app.id, installationId: truth.installationId, databaseUrl: db.url };
    const env = { BENCH_PRIVATE_KEY: sim.app.privateKey };
    await runWorker({ args: { mode: "patwarden", org: login, ...common }, env });
    const org = (await findOrgByLogin({ db: db.handle.db, login }))!;
    const ids = truth.grants.slice(0, n).map((g) => g.id);
    const runnerId = newRunnerId();
    const job = await createRevocationJob({ db: db.handle.db, orgId: org.id, target: { ids }, reason: "bench: bulk revoke", actor: "bench", actorType: "cli", confirmation: login, maxGrants: n, runnerId });
    sim.control.clearRequestLog();
    const t0 = performance.now();
    const args = { ...common, jobId: job.id, pacingMs, runnerId };
    const killedAfterMs = await runAndKill({ args, env, afterMs: killAfterMs });
    const before = (await getRevocationJob({ db: db.handle.db, jobId: job.id })).counts;
    const settledBeforeKill = before.revoked + before.alreadyGone + before.failed;
    log(`revoke: killed the first runner after ${(killedAfterMs / 1000).toFixed(1)} s with ${settledBeforeKill} of ${n} settled`);
    await runWorker({ script: "revoke-worker.ts", args: { ...args, runnerId: newRunnerId(), takeOverFrom: runnerId }, env });
    const wallMs = Math.round(performance.now() - t0);
    const view = await getRevocationJob({ db: db.handle.db, jobId: job.id });
    const entries = sim.control.requestLog().filter((e) => e.installationId === truth.installationId);
    const posts = entries.filter((e) => e.method === "POST" && e.path.endsWith("/personal-access-tokens"));
    const lookups = entries.filter((e) => e.method === "GET" && e.query.includes("token_id"));
    const revokedInSim = ids.length - sim.control.org(login).grants.filter((g) => ids.includes(g.id)).length;
    const [active] = await db.handle.db.select({ n: count() }).from(grants).where(and(eq(grants.orgId, org.id), isNull(grants.removedAt)));
    const c = view.counts;
    return {
      grants: n, pacingMs, killedAfterMs, revokeCalls: posts.length, lookupCalls: lookups.length,
      // A resend of an already revoked id is refused with 422 by the simulator (bulkRevokeUnknown: reject).
      refused: posts.filter((e) => e.status === 422).length,
      revoked: c.revoked, alreadyGone: c.alreadyGone, failed: c.failed,
      settledBeforeKill, revokedOnGitHub: revokedInSim,
      wallMs, activeAfter: Number(active?.n ?? 0),
    };
  } finally {
    await db.drop();
    await sim.close();
  }
}

function runAndKill({ args, env, afterMs }: { args: unknown; env: Record<string, string>; afterMs: number }): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    // node itself with tsx as a loader: the tsx CLI runs the script in a child process of its own,
    // which a SIGKILL of the CLI leaves running (the "killed" runner then raced the resumed one).
    const child = spawn(process.execPath, ["--import", "tsx", path.join(here, "revoke-worker.ts"), JSON.stringify(args)], { env: { ...process.env, ...env }, stdio: "ignore" });
    const timer = setTimeout(() => child.kill("SIGKILL"), afterMs);
    child.on("error", reject);
    child.on("exit", () => {
      clearTimeout(timer);
      resolve(Math.round(performance.now() - t0));
    });
  });
}
