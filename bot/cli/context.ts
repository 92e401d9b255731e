// What every command receives: output sinks, the environment, and the engine (opened on first use:
// here, or the running embedded server's over its bridge).
import path from "node:path";
import type { Engine, EngineStorage } from "../engine.ts";
import type { Env } from "../env.ts";

/** Asks the person at the terminal and returns what they typed. */
export type Ask = (question: string) => Promise<string>;

export type CliIo = {
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  /** Defaults to process.env (after loading ./.env). */
  env?: NodeJS.ProcessEnv;
  /** Stops long-running commands (start, demo, simulate); defaults to SIGINT/SIGTERM. */
  signal?: AbortSignal;
  /** Storage already open in this process (tests): the engine is built on it. */
  db?: EngineStorage;
  /** Who answers confirmations; defaults to the terminal when stdin is a TTY, null = nobody. */
  ask?: Ask | null;
  /** The width tables fit; defaults to the terminal's (120 when stdout is not a terminal or is handed in). */
  columns?: number;
};

export type CliContext = {
  out: (text: string) => void;
  err: (text: string) => void;
  rawEnv: NodeJS.ProcessEnv;
  env: () => Env;
  /** Where embedded data lives (.data, or PATWARDEN_DATA_DIR). */
  dataDir: string;
  /**
   * The engine, built once: the embedded server's (over its bridge) when one holds PGlite and the
   * command is `bridged`, else on storage opened here (DATABASE_URL, or PGlite under dataDir).
   */
  engine: () => Promise<Engine>;
  /** True when engine() is the running server's (embedded mode). */
  bridged: () => boolean;
  /** Opens (once) and returns the storage here; for `migrate`, `start` and `demo`, which own it. */
  openStorage: () => Promise<EngineStorage>;
  signal: AbortSignal;
  /** null when nobody can answer a question (stdin is not a TTY). */
  ask: Ask | null;
  /** The width tables fit (`formatRows({ width })`). */
  columns: number;
};

export type Command = {
  name: string;
  summary: string;
  usage: string;
  /** Full help text (shown by --help). */
  help: string;
  /** May call a live embedded server's engine (bridged) instead of opening PGlite here. */
  forwardable: boolean;
  run: (ctx: CliContext, args: string[]) => Promise<number>;
};

export const dataDirOf = (env: NodeJS.ProcessEnv) => env.PATWARDEN_DATA_DIR || ".data";
export const pgliteDirOf = (env: NodeJS.ProcessEnv) => path.join(dataDirOf(env), "pglite");
export const serverStateFileOf = (env: NodeJS.ProcessEnv) => path.join(dataDirOf(env), "server.json");

/** Exit codes: 0 full success, 1 the operation failed, 2 bad input. */
export const EXIT = { ok: 0, failed: 1, badInput: 2 } as const;
