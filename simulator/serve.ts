// For `patwarden simulate` and the demo: start the simulator on the world kept in stateDir and
// leave beside it what patwarden needs to talk to it — the App's PEM and an env file.
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { startSimulator, type Simulator } from "./index.ts";
import type { SimOrgSpec } from "./types.ts";

export const WORLD_FILE = "world.json";

export type SimulatorEnv = {
  APP_ID: string;
  PRIVATE_KEY_PATH: string;
  WEBHOOK_SECRET: string;
  GITHUB_CLIENT_ID: string;
  GITHUB_CLIENT_SECRET: string;
  GHE_HOST: string;
  GHE_PROTOCOL: "http";
};

export type RunningSimulator = { simulator: Simulator; env: SimulatorEnv; pemPath: string; envPath: string };

export async function runSimulator(opts: { port?: number; seed?: number; orgs?: SimOrgSpec[]; webhookUrl?: string; stateDir?: string; reset?: boolean } = {}): Promise<RunningSimulator> {
  const stateDir = resolve(opts.stateDir ?? ".data/simulator");
  await mkdir(stateDir, { recursive: true });
  // The world (grants revoked, requests approved, files committed) outlives the process: world-file.ts.
  const world = { file: join(stateDir, WORLD_FILE), reset: opts.reset };
  const simulator = await startSimulator({ port: opts.port, seed: opts.seed, orgs: opts.orgs, webhookUrl: opts.webhookUrl, world });
  const pemPath = join(stateDir, "app.pem");
  const envPath = join(stateDir, "simulator.env");
  try {
    await writeFile(pemPath, simulator.app.privateKey, { mode: 0o600 });
    // writeFile's mode only applies when it creates the file; an older PEM keeps its mode otherwise.
    await chmod(pemPath, 0o600);
    const env: SimulatorEnv = {
      APP_ID: String(simulator.app.id),
      PRIVATE_KEY_PATH: pemPath,
      WEBHOOK_SECRET: simulator.app.webhookSecret,
      GITHUB_CLIENT_ID: simulator.app.clientId,
      GITHUB_CLIENT_SECRET: simulator.app.clientSecret,
      GHE_HOST: simulator.host,
      GHE_PROTOCOL: "http",
    };
    const lines = Object.entries(env).map(([k, v]) => `${k}=${v}`);
    await writeFile(envPath, `# Written by patwarden simulate; valid while that simulator runs.\n${lines.join("\n")}\n`, { mode: 0o600 });
    return { simulator, env, pemPath, envPath };
  } catch (error) {
    await simulator.close();
    throw error;
  }
}
