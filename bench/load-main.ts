// The load test alone, for measuring server settings without the rest of `npm run bench`:
//   tsx bench/load-main.ts [--processes=1,2] [--users=50] [--grants=100000] [--seconds=60] [--sync=10000] [--prof=DIR]
// Prints the per-page table of each run and its per-process figures; writes bench/results/load-<processes>.json.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { benchLoad } from "./load.ts";

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const num = (name: string, d: number) => Number(arg(name) ?? d);

async function main(): Promise<void> {
  const processes = (arg("processes") ?? "1").split(",").map(Number);
  const prof = arg("prof");
  if (prof) mkdirSync(prof, { recursive: true });
  const log = (m: string) => process.stdout.write(`[load] ${m}\n`);
  const r = await benchLoad({
    users: num("users", 50), grants: num("grants", 100_000), syncGrants: num("sync", 10_000), durationMs: num("seconds", 60) * 1000,
    dataLayerMs: num("data-seconds", 10) * 1000, processes, profileDir: prof ? path.resolve(prof) : undefined, log,
  });
  const { printLoad } = await import("./table.ts");
  printLoad(r);
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `load-${processes.join("-")}.json`), `${JSON.stringify({ saved: new Date().toISOString(), host: { cpus: os.cpus().length, load: os.loadavg() }, load: r }, null, 2)}\n`);
}

main().then(() => process.exit(0), (e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
