// `patwarden demo` for a bench section (the CLI's start-up, the client in Chromium): free ports, a
// scratch data dir, resolved once the demo serves; `stop` ends it and removes the data dir.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "bin", "patwarden.js");

export const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, "127.0.0.1", () => {
    const { port } = s.address() as { port: number };
    s.close(() => resolve(port));
  });
});

export type BenchDemo = {
  url: string;
  /** The demo's environment (its data dir): a CLI run with it reaches the demo's server. */
  env: NodeJS.ProcessEnv;
  stop: () => Promise<void>;
};

/**
 * Starts the demo (2,000 + 150 grants) and waits until it serves: with the dashboard, until the
 * dashboard answers too (it says "starting", 503, for a while after the demo says it runs).
 */
export async function startDemo({ name, dashboard, log }: { name: string; dashboard: boolean; log: (m: string) => void }): Promise<BenchDemo> {
  const [port, simPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(path.join(tmpdir(), `pw-bench-${name}-`));
  const env = { PATH: process.env.PATH, PATWARDEN_DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: "1" };
  const args = [BIN, "demo", "--port", String(port), "--sim-port", String(simPort), ...(dashboard ? [] : ["--no-dashboard"])];
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "inherit"] });
  const demo: BenchDemo = {
    url: `http://127.0.0.1:${port}`,
    env,
    stop: () => new Promise<void>((resolve) => {
      child.once("close", () => { rmSync(dataDir, { recursive: true, force: true }); resolve(); });
      child.kill("SIGINT");
    }),
  };
  log(`demo on 127.0.0.1:${port} (simulator ${simPort}), syncing 2,000 + 150 grants…`);
  await new Promise<void>((resolve, reject) => {
    let seen = "";
    child.stdout.on("data", (d: Buffer) => {
      seen += d;
      if (seen.includes("patwarden demo is running")) resolve();
    });
    child.on("close", (code) => reject(new Error(`the demo exited ${code} before serving`)));
  });
  if (dashboard) {
    for (const until = Date.now() + 300_000; Date.now() < until; await new Promise((r) => setTimeout(r, 500))) {
      if ((await fetch(`${demo.url}/api/auth/login`, { redirect: "manual" })).status !== 503) break;
    }
  }
  return demo;
}
