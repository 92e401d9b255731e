// What every command receives: output sinks, the environment, and a lazily opened database.
import path from "node:path";
import type { DbHandle } from "../../db/client.ts";
import type { Env } from "../env.ts";

export type CliIo = {
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  /** Defaults to process.env (after loading ./.env). */
  env?: NodeJS.ProcessEnv;
  /** Stops long-running commands (start, demo, simulate); defaults to SIGINT/SIGTERM. */
  signal?: AbortSignal;
  /** A database already open in this process (the server running a forwarded command). */
  db?: DbHandle;
};

export type CliContext = {
  out: (text: string) => void;
  err: (text: string) => void;
  rawEnv: NodeJS.ProcessEnv;
  env: () => Env;
  /** Where embedded data lives (.data, or PATWARDEN_DATA_DIR). */
  dataDir: string;
  /** Opens (once) and returns the database; migrations are applied by `migrate`, `start` and `demo`. */
  openDb: () => Promise<DbHandle>;
  signal: AbortSignal;
  /** True when running inside a server on behalf of a forwarded invocation. */
  inServer: boolean;
};

export type Command = {
  name: string;
  summary: string;
  usage: string;
  /** Full help text (shown by --help). */
  help: string;
  /** May run inside a live embedded server (forwarded) instead of opening PGlite here. */
  forwardable: boolean;
  run: (ctx: CliContext, args: string[]) => Promise<number>;
};

export const dataDirOf = (env: NodeJS.ProcessEnv) => env.PATWARDEN_DATA_DIR || ".data";
export const pgliteDirOf = (env: NodeJS.ProcessEnv) => path.join(dataDirOf(env), "pglite");
export const serverStateFileOf = (env: NodeJS.ProcessEnv) => path.join(dataDirOf(env), "server.json");

/** Exit codes: 0 full success, 1 the operation failed, 2 bad input. */
export const EXIT = { ok: 0, failed: 1, badInput: 2 } as const;
