// `patwarden <command>`: a small dispatcher. Each command lives in bot/cli/<command>.ts.
import { existsSync } from "node:fs";
import path from "node:path";
import { openDb, type DbHandle } from "../db/client.ts";
import { loadEnv, type Env } from "./env.ts";
import { InvalidInput } from "../model/errors.ts";
import { EXIT, pgliteDirOf, dataDirOf, serverStateFileOf, type Ask, type CliContext, type CliIo, type Command } from "./cli/context.ts";
import { askTerminal } from "./cli/ask.ts";
import { forwardToServer } from "./cli/forward.ts";
import { COMMANDS } from "./cli/commands.ts";
import { PATWARDEN_VERSION } from "./server/version.ts";
import { readLiveServerState } from "./server/state-file.ts";

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
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    err(`error: unknown command "${name}"; commands: ${COMMANDS.map((c) => c.name).join(", ")}\n`);
    return EXIT.badInput;
  }
  if (args.includes("--help") || args.includes("-h")) {
    out(`${command.help.trimEnd()}\n`);
    return EXIT.ok;
  }
  if (io.db && !command.forwardable) {
    err(`error: \`${name}\` cannot run inside a running server\n`);
    return EXIT.badInput;
  }
  if (!io.db && command.forwardable && !rawEnv.DATABASE_URL) {
    const state = readLiveServerState({ file: serverStateFileOf(rawEnv) });
    const forward = (a: string[]) => (state ? forwardToServer({ state, argv: [name, ...a] }) : Promise.resolve("unreachable" as const));
    const prepared = state && command.beforeForward ? await command.beforeForward({ args, ask: askOf(io), out, err, forward }) : args;
    if (!Array.isArray(prepared)) return prepared.exitCode;
    // A file naming a live pid that no longer listens is stale (pid reused): run here instead.
    const result = await forward(prepared);
    if (result !== "unreachable") {
      out(result.stdout);
      err(result.stderr);
      return result.exitCode;
    }
  }
  return runCommand({ command, args, io, out, err, rawEnv });
}

async function runCommand({ command, args, io, out, err, rawEnv }: {
  command: Command; args: string[]; io: CliIo; out: (t: string) => void; err: (t: string) => void; rawEnv: NodeJS.ProcessEnv;
}): Promise<number> {
  let opened: DbHandle | undefined;
  let env: Env | undefined;
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
  const ctx: CliContext = {
    out,
    err,
    rawEnv,
    env: () => (env ??= loadEnv(rawEnv)),
    dataDir: dataDirOf(rawEnv),
    inServer: Boolean(io.db),
    ask: io.db ? null : askOf(io),
    signal: io.signal ?? stop!.signal,
    openDb: async () => {
      if (io.db) return io.db;
      opened ??= await openDb({ databaseUrl: ctx.env().DATABASE_URL, pgliteDir: pgliteDirOf(rawEnv) });
      return opened;
    },
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
    await opened?.close().catch(() => {});
  }
}

/** The terminal answers questions only when stdin is one; a server running a forwarded command has none. */
function askOf(io: CliIo): Ask | null {
  if (io.ask !== undefined) return io.ask;
  return process.stdin.isTTY ? askTerminal : null;
}

/** Messages, not stack traces (DEBUG=1 adds the stack); bad input exits 2, anything else 1. */
function reportError({ e, err, debug }: { e: unknown; err: (t: string) => void; debug: boolean }): number {
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
