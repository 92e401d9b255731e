// `patwarden start` and `npm run demo` serve a production build of the dashboard. Building is
// slow (tens of seconds on two cores), so it happens only when .next/BUILD_ID is missing or older
// than a source file the dashboard actually imports (found by following relative imports from app/).
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const SOURCE = /\.(tsx?|css)$/;
const IMPORT = /(?:^|[\s;])(?:import|export)\s(?:[^'"]*?\sfrom\s)?["'](\.{1,2}\/[^"']+)["']/g;
const ALWAYS = ["next.config.ts", "tsconfig.next.json", "tsconfig.json", "package-lock.json"];

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p) : SOURCE.test(e.name) ? [p] : [];
  });
}

/** Every file under app/ plus everything they import relatively, transitively (db/, bot/…). */
export function listDashboardSources(dir: string): string[] {
  const seen = new Set<string>();
  const queue = listFiles(path.join(dir, "app"));
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    if (file.endsWith(".css")) continue;
    for (const m of readFileSync(file, "utf8").matchAll(IMPORT)) queue.push(path.resolve(path.dirname(file), m[1]!));
  }
  return [...seen, ...ALWAYS.map((f) => path.join(dir, f)).filter((f) => existsSync(f))];
}

export function isBuildCurrent(dir: string): boolean {
  const buildId = path.join(dir, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return false;
  const builtAt = statSync(buildId).mtimeMs;
  return listDashboardSources(dir).every((f) => statSync(f).mtimeMs <= builtAt);
}

export type BuildLog = (line: string) => void;

/** Runs `next build` in a child process, streaming its output; resolves with the time it took. */
export async function buildDashboard({ dir, log }: { dir: string; log: BuildLog }): Promise<number> {
  const nextBin = createRequire(path.join(dir, "package.json")).resolve("next/dist/bin/next");
  const started = Date.now();
  const child = spawn(process.execPath, [nextBin, "build"], {
    cwd: dir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const relay = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) log(`[dashboard build] ${line.trimEnd()}`);
  };
  child.stdout.on("data", relay);
  child.stderr.on("data", relay);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (code !== 0) throw new Error(`The dashboard build failed (next build exited with ${code}); the lines above say why. Fix it, or run \`npm run build\` to retry.`);
  return Date.now() - started;
}

export async function ensureDashboardBuild({ dir, log }: { dir: string; log: BuildLog }): Promise<{ built: boolean; ms: number }> {
  if (isBuildCurrent(dir)) return { built: false, ms: 0 };
  log("[dashboard build] No current production build of the dashboard; building it once (about a minute on a small machine)…");
  const ms = await buildDashboard({ dir, log });
  log(`[dashboard build] Done in ${(ms / 1000).toFixed(1)} s.`);
  return { built: true, ms };
}
