// One sync in a child process, so its peak RSS is its own: `tsx bench/worker.ts <json args>`.
// Prints one JSON line with the result, process.resourceUsage().maxRSS and the CPU ms it used.
import { z } from "zod";
import { openDb } from "../db/client.ts";
import { findOrgByLogin } from "../db/queries/orgs.ts";
import { createGitHubApp } from "../bot/github/client.ts";
import { registerInstallations, syncOrg } from "../bot/sync/index.ts";
import { runApiOnly } from "./api-only.ts";
import { runBaseline } from "./baseline.ts";

const Args = z.object({
  mode: z.enum(["patwarden", "baseline", "api-only"]),
  apiUrl: z.string(),
  appId: z.number(),
  installationId: z.number(),
  org: z.string(),
  databaseUrl: z.string(),
  deadlineMs: z.number().optional(),
});

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

async function main(): Promise<void> {
  const args = Args.parse(JSON.parse(process.argv[2] ?? "{}"));
  const privateKey = process.env.BENCH_PRIVATE_KEY ?? "";
  let result: unknown;
  if (args.mode === "api-only") {
    const app = createGitHubApp({ appId: args.appId, privateKey, baseUrl: args.apiUrl, log: quiet, requestTimeoutMs: 60_000 });
    result = await runApiOnly({ octokit: app.installationOctokit(args.installationId), org: args.org });
  } else if (args.mode === "baseline") {
    result = await runBaseline({ baseUrl: args.apiUrl, appId: args.appId, privateKey, installationId: args.installationId, org: args.org, databaseUrl: args.databaseUrl, deadlineMs: args.deadlineMs });
  } else {
    const handle = await openDb({ databaseUrl: args.databaseUrl, max: 4 });
    const app = createGitHubApp({ appId: args.appId, privateKey, baseUrl: args.apiUrl, log: quiet, requestTimeoutMs: 60_000 });
    await registerInstallations({ db: handle.db, appOctokit: app.appOctokit });
    const org = await findOrgByLogin({ db: handle.db, login: args.org });
    if (!org) throw new Error(`org ${args.org} not registered`);
    result = await syncOrg({ db: handle.db, octokit: app.installationOctokit(args.installationId), org: { id: org.id, login: org.login }, kind: "full", trigger: "bench" });
    await handle.close();
  }
  const usage = process.resourceUsage();
  const cpuMs = Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000);
  process.stdout.write(`${JSON.stringify({ result, maxRssKb: usage.maxRSS, cpuMs })}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
