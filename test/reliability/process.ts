// Real `patwarden` processes for reliability tests: spawn with the simulator's environment, capture
// stdout and stderr apart (stdout is the JSON log), wait for output, kill. Plus a throwaway
// database: a fresh Postgres database when DATABASE_URL is set, else a PGlite directory.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { openDb, type DbHandle } from "../../db/client.ts";
import type { Simulator } from "../../simulator/index.ts";
import { simulatorEnv } from "../server/harness.ts";

const BIN = path.resolve("bin/patwarden.js");

export type Launched = {
  child: ChildProcess;
  stdout: () => string;
  output: () => string;
  exited: Promise<number | null>;
};

export type Workspace = {
  env: NodeJS.ProcessEnv;
  dataDir: string;
  /** Opens the database the processes use (close it before a PGlite process needs the directory). */
  open: () => Promise<DbHandle>;
  launch: (args: string[], extraEnv?: NodeJS.ProcessEnv) => Launched;
  /** `patwarden start` on a free port; resolves with its URL once it listens. */
  startServer: (args?: string[]) => Promise<Launched & { url: string }>;
  close: () => Promise<void>;
};

export async function createWorkspace({ sim, prefix, env: extra = {} }: { sim: Simulator; prefix: string; env?: NodeJS.ProcessEnv }): Promise<Workspace> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `pw-${prefix}-`));
  const env: NodeJS.ProcessEnv = { ...simulatorEnv(sim), PATWARDEN_DATA_DIR: dataDir, LOG_LEVEL: "warn", PATH: process.env.PATH, ...extra };
  const base = process.env.DATABASE_URL;
  let dbName: string | undefined;
  if (base) {
    dbName = `pw_${prefix}_${process.pid}_${Date.now()}`;
    await adminQuery(base, `CREATE DATABASE ${dbName}`);
    const url = new URL(base);
    url.pathname = `/${dbName}`;
    env.DATABASE_URL = url.toString();
  }
  const children = new Set<ChildProcess>();
  const launch = (args: string[], extraEnv: NodeJS.ProcessEnv = {}): Launched => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
    children.add(child);
    let stdout = "";
    let output = "";
    child.stdout!.on("data", (d: Buffer) => void ((stdout += d.toString()), (output += d.toString())));
    child.stderr!.on("data", (d: Buffer) => void (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => (children.delete(child), resolve(code))));
    return { child, stdout: () => stdout, output: () => output, exited };
  };
  return {
    env,
    dataDir,
    open: () => openDb(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL, max: 2 } : { pgliteDir: path.join(dataDir, "pglite") }),
    launch,
    async startServer(args = ["--no-dashboard", "--no-schedule"]) {
      const server = launch(["start", "--port", "0", ...args]);
      let url = "";
      await until("the server to listen", () => {
        url = /patwarden listening on (http:\/\/\S+)/.exec(server.output())?.[1] ?? "";
        return Boolean(url) || server.child.exitCode !== null;
      }, 120_000, () => server.output());
      if (!url) throw new Error(`server exited: ${server.output()}`);
      return { ...server, url };
    },
    async close() {
      for (const c of children) c.kill("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
      if (dbName && base) await adminQuery(base, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    },
  };
}

export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000, context = () => ""): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${context()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function adminQuery(url: string, text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}
