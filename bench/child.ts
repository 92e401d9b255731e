// Spawns bench/worker.ts and reads its one JSON line back.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const tsx = path.join(here, "..", "node_modules", ".bin", "tsx");

export type WorkerOutput<T> = { result: T; maxRssKb: number; wallMs: number; cpuMs?: number };

/** `nodeArgs` (e.g. --cpu-prof, which NODE_OPTIONS refuses): run node itself with tsx as a loader. */
export function runWorker<T>({ script = "worker.ts", args, env = {}, nodeArgs }: {
  script?: string; args: unknown; env?: Record<string, string>; nodeArgs?: string[];
}): Promise<WorkerOutput<T>> {
  const t0 = performance.now();
  const [cmd, argv] = nodeArgs ? [process.execPath, [...nodeArgs, "--import", "tsx"]] : [tsx, []];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, [...argv, path.join(here, script), JSON.stringify(args)], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      if (code !== 0 || !line.startsWith("{")) return reject(new Error(`${script} exited ${code}: ${err.slice(-2000)}`));
      const parsed = JSON.parse(line) as { result: T; maxRssKb: number; cpuMs?: number };
      resolve({ ...parsed, wallMs: Math.round(performance.now() - t0) });
    });
  });
}
