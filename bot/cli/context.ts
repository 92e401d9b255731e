// What every command receives: output sinks, the environment, and a lazily opened database.
import path from "node:path";
import type { DbHandle } from "../../db/client.ts";
import type { Env } from "../env.ts";
import type { CliResult } from "../server/internal-cli.ts";

/** Asks the person at the terminal and returns what they typed. */
export type Ask = (question: string) => Promise<string>;

export type CliIo = {
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  /** Defaults to process.env (after loading ./.env). */
  env?: NodeJS.ProcessEnv;
  /** Stops long-running commands (start, demo, simulate); defaults to SIGINT/SIGTERM. */
  signal?: AbortSignal;
  /** A database already open in this process (the server running a forwarded command). */
  db?: DbHandle;
  /** Who answers confirmations; defaults to the terminal when stdin is a TTY, null = nobody. */
  ask?: Ask | null;
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
  /** null when nobody can answer a question (stdin is not a TTY, or this runs inside a server). */
  ask: Ask | null;
};

/**
 * Runs in the caller's process before a command is forwarded to the server (which has no
 * terminal): e.g. to show a preview and ask for confirmation. Returns the args to forward, or
 * the exit code to stop with.
 */
export type BeforeForward = (a: {
  args: string[];
  ask: Ask | null;
  out: (text: string) => void;
  err: (text: string) => void;
  forward: (args: string[]) => Promise<CliResult | "unreachable">;
}) => Promise<string[] | { exitCode: number }>;

export type Command = {
  name: string;
  summary: string;
  usage: string;
  /** Full help text (shown by --help). */
  help: string;
  /** May run inside a live embedded server (forwarded) instead of opening PGlite here. */
  forwardable: boolean;
  beforeForward?: BeforeForward;
  run: (ctx: CliContext, args: string[]) => Promise<number>;
};

export const dataDirOf = (env: NodeJS.ProcessEnv) => env.PATWARDEN_DATA_DIR || ".data";
export const pgliteDirOf = (env: NodeJS.ProcessEnv) => path.join(dataDirOf(env), "pglite");
export const serverStateFileOf = (env: NodeJS.ProcessEnv) => path.join(dataDirOf(env), "server.json");

/** Exit codes: 0 full success, 1 the operation failed, 2 bad input. */
export const EXIT = { ok: 0, failed: 1, badInput: 2 } as const;
