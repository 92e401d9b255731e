// .data/server.json: how CLI invocations find a running `start`/`demo` that owns embedded PGlite.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

export const SERVER_STATE_FILE = ".data/server.json";

const ServerState = z.object({ pid: z.number().int(), port: z.number().int(), token: z.string().min(32) });
export type ServerState = z.infer<typeof ServerState>;

export function newServerToken(): string {
  return randomBytes(32).toString("hex");
}

export function writeServerState({ file = SERVER_STATE_FILE, state }: { file?: string; state: ServerState }): void {
  mkdirSync(path.dirname(file), { recursive: true });
  // 0600: the token lets any local caller run commands with this server's database.
  writeFileSync(file, JSON.stringify(state), { mode: 0o600 });
}

/** The state of a live server, or undefined (no file, unreadable, or the pid is gone). */
export function readLiveServerState({ file = SERVER_STATE_FILE }: { file?: string } = {}): ServerState | undefined {
  let state: ServerState;
  try {
    const parsed = ServerState.safeParse(JSON.parse(readFileSync(file, "utf8")));
    if (!parsed.success) return undefined;
    state = parsed.data;
  } catch {
    return undefined;
  }
  return isAlive(state.pid) ? state : undefined;
}

/** Removes the file only if it is ours (another server may have replaced it). */
export function removeServerState({ file = SERVER_STATE_FILE, pid = process.pid }: { file?: string; pid?: number } = {}): void {
  try {
    const current = JSON.parse(readFileSync(file, "utf8")) as { pid?: number };
    if (current.pid === pid) rmSync(file, { force: true });
  } catch {
    // Already gone.
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
