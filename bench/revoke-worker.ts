// Runs (or resumes) one revocation job in a child process, so the bench can SIGKILL it mid-run.
// Prints one JSON line when the job stops.
import { z } from "zod";
import { openDb } from "../db/client.ts";
import { createGitHubApp } from "../bot/github/client.ts";
import { runRevocationJob } from "../bot/revoke/index.ts";

const Args = z.object({ apiUrl: z.string(), appId: z.number(), installationId: z.number(), databaseUrl: z.string(), jobId: z.number(), pacingMs: z.number(), runnerId: z.string(), takeOverFrom: z.string().optional() });
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

async function main(): Promise<void> {
  const a = Args.parse(JSON.parse(process.argv[2] ?? "{}"));
  const handle = await openDb({ databaseUrl: a.databaseUrl, max: 3 });
  const app = createGitHubApp({ appId: a.appId, privateKey: process.env.BENCH_PRIVATE_KEY ?? "", baseUrl: a.apiUrl, log: quiet });
  const job = await runRevocationJob({ db: handle.db, octokit: app.installationOctokit(a.installationId), jobId: a.jobId, pacingMs: a.pacingMs, runnerId: a.runnerId, takeOverFrom: a.takeOverFrom, leaseTtlMs: 10_000 });
  await handle.close();
  process.stdout.write(`${JSON.stringify({ result: job, maxRssKb: process.resourceUsage().maxRSS })}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
