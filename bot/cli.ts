// `patwarden <command>`: a small dispatcher. Each command lives in bot/cli/<command>.ts.
// The engine, the environment's schema and the command's module are imported when a command runs,
// not here: `patwarden --help` must start in a blink (docs/benchmarks.md, CLI start-up).
import { existsSync } from "node:fs";
import path from "node:path";
import { translateDatabaseError } from "../model/database-errors.ts";
import { InvalidInput } from "../model/errors.ts";
import type { Engine, EngineStorage } from "./engine.ts";
import type { Env } from "./env.ts";
import { EXIT, pgliteDirOf, dataDirOf, serverStateFileOf, type Ask, type CliContext, type CliIo, type Command } from "./cli/context.ts";
import { askTerminal } from "./cli/ask.ts";
import { COMMANDS } from "./cli/commands.ts";
import { terminalWidth } from "./cli/table.ts";
import { PATWARDEN_VERSION } from "./server/version.ts";

export type { CliIo };

function generalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `patwarden ${PATWARDEN_VERSION} — govern fine-grained personal access tokens across GitHub organizations`,
    "",
    "Usage: patwarden <command> [flags]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run `patwarden <command> --help` for a command's flags. Exit codes: 0 success, 1 failed, 2 bad input.",
    "Configuration comes from the environment or ./.env (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, DATABASE_URL, …).",
    "",
  ].join("\n");
}

export async function main(argv: string[], io: CliIo = {}): Promise<number> {
  const out = io.stdout ?? ((t: string) => void process.stdout.write(t));
  const err = io.stderr ?? ((t: string) => void process.stderr.write(t));
  const rawEnv = io.env ?? loadDotEnv();
  const [name, ...args] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    out(generalHelp());
    return name ? EXIT.ok : EXIT.badInput;
  }
  if (name === "--version" || name === "-v") {
    out(`${PATWARDEN_VERSION}\n`);
    return EXIT.ok;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    err(`error: unknown command "${name}"; commands: ${COMMANDS.map((c) => c.name).join(", ")}\n`);
    return EXIT.badInput;
  }
  const command = await entry.load();
  if (args.includes("--help") || args.includes("-h")) {
    out(`${command.help.trimEnd()}\n`);
    return EXIT.ok;
  }
  // Storage handed in is already open and owned by this process (a server, a test): the commands
  // that open and own their storage (start, demo) or run beside it (setup, simulate) do not run on it.
  if (io.db && !command.forwardable) {
    err(`error: \`${name}\` cannot run inside a running server\n`);
    return EXIT.badInput;
  }
  return runCommand({ command, args, io, out, err, rawEnv });
}

async function runCommand({ command, args, io, out, err, rawEnv }: {
  command: Command; args: string[]; io: CliIo; out: (t: string) => void; err: (t: string) => void; rawEnv: NodeJS.ProcessEnv;
}): Promise<number> {
  let storage: EngineStorage | undefined;
  let closeStorage: (() => Promise<void>) | undefined;
  let engine: Promise<Engine> | undefined;
  let bridged = false;
  let env: Env | undefined;
  const { loadEnv } = await import("./env.ts");
  const stop = io.signal ? undefined : new AbortController();
  // First Ctrl-C: finish cleanly (an interrupted sync is safe, but waits for its current step);
  // the second one quits at once.
  const onSignal = () => {
    if (stop?.signal.aborted) process.exit(130);
    err("Stopping… (press Ctrl-C again to quit at once)\n");
    stop?.abort();
  };
  if (stop) {
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }
  const openStorage = async (): Promise<EngineStorage> => {
    if (io.db) return io.db;
    if (!storage) {
      const { openEngine } = await import("./engine.ts");
      const opened = await openEngine({ databaseUrl: ctx.env().DATABASE_URL, pgliteDir: pgliteDirOf(rawEnv) });
      storage = opened.storage;
      closeStorage = opened.close;
    }
    return storage;
  };
  const buildEngine = async (): Promise<Engine> => {
    // PGlite is single-process: while `start` or `demo` holds it, call that process's engine.
    if (!io.db && command.forwardable && !rawEnv.DATABASE_URL) {
      const { readLiveServerState } = await import("./server/state-file.ts");
      const { connectRemoteEngine } = await import("./cli/remote-engine.ts");
      const state = readLiveServerState({ file: serverStateFileOf(rawEnv) });
      // A file naming a live pid that no longer listens is stale (pid reused): open it here instead.
      const remote = state ? await connectRemoteEngine(state) : null;
      if (remote) {
        bridged = true;
        return remote;
      }
    }
    const [{ createEngine }, { gitHubAppFromEnv }] = await Promise.all([import("./engine.ts"), import("./github/client.ts")]);
    const db = await openStorage();
    return createEngine({ db, github: gitHubAppFromEnv(ctx.env()) });
  };
  const ctx: CliContext = {
    out,
    err,
    rawEnv,
    env: () => (env ??= loadEnv(rawEnv)),
    dataDir: dataDirOf(rawEnv),
    ask: askOf(io),
    signal: io.signal ?? stop!.signal,
    engine: () => (engine ??= buildEngine()),
    bridged: () => bridged,
    openStorage,
    columns: io.columns ?? (io.stdout ? 120 : terminalWidth()),
  };
  try {
    return await command.run(ctx, args);
  } catch (e) {
    return reportError({ e, err, debug: Boolean(rawEnv.DEBUG) });
  } finally {
    if (stop) {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
    await closeStorage?.().catch(() => {});
  }
}

/** The terminal answers questions only when stdin is one. */
function askOf(io: CliIo): Ask | null {
  if (io.ask !== undefined) return io.ask;
  return process.stdin.isTTY ? askTerminal : null;
}

/** Messages, not stack traces (DEBUG=1 adds the stack); bad input exits 2, anything else 1. */
function reportError({ e: raw, err, debug }: { e: unknown; err: (t: string) => void; debug: boolean }): number {
  // A failed statement's own message is its SQL and parameters (data): say what failed instead.
  const e = translateDatabaseError(raw);
  const message = e instanceof Error ? e.message : String(e);
  err(`error: ${message}\n`);
  if (debug && e instanceof Error && e.stack) err(`${e.stack}\n`);
  return e instanceof InvalidInput ? EXIT.badInput : EXIT.failed;
}

/** ./.env in the working directory, if present; variables already set win. */
function loadDotEnv(): NodeJS.ProcessEnv {
  const file = path.resolve(".env");
  if (existsSync(file)) {
    try {
      process.loadEnvFile(file);
    } catch {
      // An unreadable .env is reported by the first command that misses a variable.
    }
  }
  return process.env;
}
