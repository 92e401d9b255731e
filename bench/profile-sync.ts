// Where a sync's CPU goes, both sides: `tsx bench/profile-sync.ts [--grants=10000] [--latency=0]
// [--steps=first,unchanged] [--prof=DIR]`. Runs patwarden's sync (bench/worker.ts) against one
// simulated org and prints, per step, wall time, calls, and CPU ms spent by the worker and by this
// process (the simulator). With --prof, the worker writes a V8 CPU profile to DIR (open it in
// Chrome DevTools, or summarise it with `tsx bench/profile-sync.ts --summary=FILE`); profile
// the simulator with `node --cpu-prof --import tsx bench/profile-sync.ts`.
import { readFileSync } from "node:fs";
import type { SyncResult } from "../bot/sync/index.ts";
import { startSimulator } from "../simulator/index.ts";
import { runWorker } from "./child.ts";
import { createBenchDb } from "./db.ts";

const argv = process.argv.slice(2);
const opt = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] };

/** Self time per function and per file, top `n`, from a .cpuprofile. */
export function summarizeProfile(file: string, n = 25): string {
  const prof = JSON.parse(readFileSync(file, "utf8")) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const total = prof.samples.length;
  const byFn = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const node of prof.nodes) {
    const hits = node.hitCount ?? 0;
    if (!hits) continue;
    const f = node.callFrame;
    const where = f.url.replace(/^.*node_modules\//, "nm:").replace(/^file:\/\/.*?\/main\//, "");
    byFn.set(`${f.functionName || "(anonymous)"} ${where}:${f.lineNumber + 1}`, (byFn.get(`${f.functionName || "(anonymous)"} ${where}:${f.lineNumber + 1}`) ?? 0) + hits);
    const pkg = where.startsWith("nm:") ? where.split("/").slice(0, where.startsWith("nm:@") ? 2 : 1).join("/") : where || f.functionName;
    byFile.set(pkg, (byFile.get(pkg) ?? 0) + hits);
  }
  const top = (m: Map<string, number>) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`).join("\n");
  return `samples: ${total}\n-- self time by function --\n${top(byFn)}\n-- self time by file or package --\n${top(byFile)}`;
}

async function main(): Promise<void> {
  const summary = opt("summary");
  if (summary) return void process.stdout.write(`${summarizeProfile(summary, Number(opt("top") ?? 25))}\n`);
  const size = Number(opt("grants") ?? 10_000);
  const latencyMs = Number(opt("latency") ?? 0);
  const steps = (opt("steps") ?? "first").split(",");
  const profDir = opt("prof");
  const org = `prof${size}`;
  const sim = await startSimulator({ seed: 7, orgs: [{ login: org, grants: size, repos: 2000, subsetShare: 0.2 }] });
  const { installationId } = sim.control.org(org);
  sim.control.setRateLimit(installationId, { limit: 10_000_000, remaining: 10_000_000 });
  sim.control.setLatency(latencyMs);
  const db = await createBenchDb({ label: `prof${size}` });
  try {
    for (const step of steps) {
      sim.control.clearRequestLog();
      const cpu0 = process.cpuUsage();
      const env: Record<string, string> = { BENCH_PRIVATE_KEY: sim.app.privateKey };
      const args = { mode: "patwarden", apiUrl: sim.apiUrl, appId: sim.app.id, installationId, org, databaseUrl: db.url };
      const { result, maxRssKb, cpuMs } = await runWorker<SyncResult>({ args, env, nodeArgs: profDir ? ["--cpu-prof", `--cpu-prof-dir=${profDir}`] : undefined });
      const simCpu = process.cpuUsage(cpu0);
      if (result.status !== "succeeded") throw new Error(`sync failed: ${result.error}`);
      const log = sim.control.requestLog().filter((e) => e.installationId === installationId);
      const simMs = Math.round((simCpu.user + simCpu.system) / 1000);
      process.stdout.write(
        `${step}: ${log.length} calls (${log.filter((e) => e.notModified).length} 304), wall ${(result.durationMs / 1000).toFixed(2)} s, ` +
          `worker CPU ${cpuMs ?? "?"} ms, simulator CPU ${simMs} ms (${(simMs / Math.max(1, log.length)).toFixed(2)} ms/call), ` +
          `added ${result.grants.added}, peak RSS ${Math.round(maxRssKb / 1024)} MB\n`,
      );
    }
  } finally {
    await db.drop();
    await sim.close();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
