// CLI start-up: `patwarden --help` and `grants --org acme --format json` on the demo (2,000 grants,
// through the demo server's bridge), as a person runs them: a new process each time, wall-clock from
// spawn to exit, the median of several runs after one warm-up. Compiled (dist/, what bin/patwarden.js
// runs after `npm install`) beside the sources through tsx (its fallback), and the figures issue #13
// measured before either change.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { compiledState } from "../bin/compiled.js";
import { startDemo } from "./demo.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BIN = path.join(root, "bin", "patwarden.js");
const SOURCE_MAIN = path.join(root, "bench", "cli-main.ts");

export type CliStartMeasure = {
  runs: number;
  compiled: "fresh" | "stale" | "absent";
  rows: Array<{ command: string; path: "compiled" | "sources (tsx)"; medianMs: number; minMs: number; maxMs: number; before: string }>;
};

function timeRun(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, argv, { env, stdio: ["ignore", "ignore", "ignore"] });
  return new Promise((resolve, reject) => child.on("close", (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`${argv.join(" ")} exited ${code}`)))));
}

async function measure(argv: string[], env: NodeJS.ProcessEnv, runs: number) {
  await timeRun(argv, env); // warm-up: the file cache
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) ms.push(await timeRun(argv, env));
  ms.sort((a, b) => a - b);
  return { medianMs: Math.round(ms[Math.floor(ms.length / 2)]!), minMs: Math.round(ms[0]!), maxMs: Math.round(ms.at(-1)!) };
}

export async function benchCliStart({ runs, log }: { runs: number; log: (m: string) => void }): Promise<CliStartMeasure> {
  const compiled = compiledState(root);
  if (compiled !== "fresh") log(`dist/ is ${compiled}: the "compiled" rows run the sources too (npm run build:cli first)`);
  const demo = await startDemo({ name: "cli", dashboard: false, log });
  const { env } = demo;
  try {
    const rows: CliStartMeasure["rows"] = [];
    const cases = [
      { command: "--help", args: ["--help"], before: "~2 s" },
      { command: "grants --org acme --format json", args: ["grants", "--org", "acme", "--format", "json"], before: "2–3 s" },
    ];
    for (const c of cases) {
      rows.push({ command: c.command, path: "compiled", before: c.before, ...(await measure([BIN, ...c.args], env, runs)) });
      rows.push({ command: c.command, path: "sources (tsx)", before: c.before, ...(await measure(["--import", "tsx", SOURCE_MAIN, ...c.args], env, runs)) });
      log(`${c.command}: measured`);
    }
    return { runs, compiled, rows };
  } finally {
    await demo.stop();
  }
}
