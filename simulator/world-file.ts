// Keeps the simulated world across restarts (`npm run demo`, `patwarden simulate`): loaded on start,
// written after every change (debounced) to a temporary file renamed over the old one, so a crash
// mid-write never leaves half a world. A file that is unreadable, of another version or made for
// other orgs is reported, set aside as `<file>.bad` (if broken) and replaced by a fresh world.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { createState, DEFAULT_ORGS } from "./state.ts";
import type { SimState, SimulatorOptions } from "./types.ts";
import { restoreWorld, snapshotWorld, WORLD_VERSION, WorldSnapshot, type WorldOrigin } from "./world-snapshot.ts";

export type WorldReport = { file: string; restored: boolean; note?: string };
export type WorldSaver = { markDirty(): void; flush(): void; cancel(): void };

export function originOf(options: SimulatorOptions): WorldOrigin {
  return JSON.parse(JSON.stringify({ seed: options.seed ?? 1, orgs: options.orgs ?? DEFAULT_ORGS })) as WorldOrigin;
}

/** The saved world when it is usable, else a fresh one; `report.note` says why a saved one was not used. */
export function openWorld({ file, options, reset }: { file: string; options: SimulatorOptions; reset?: boolean }): { state: SimState; report: WorldReport } {
  const fresh = (note?: string) => ({ state: createState(options), report: { file, restored: false, ...(note ? { note } : {}) } });
  if (reset) {
    rmSync(file, { force: true });
    return fresh(`started a fresh world (--reset); the old one in ${file} was deleted`);
  }
  if (!existsSync(file)) return fresh();
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    return setAside(file, `is not readable JSON (${err instanceof Error ? err.message : String(err)})`, fresh);
  }
  const version = (raw as { version?: unknown } | null)?.version;
  if (version !== WORLD_VERSION) return setAside(file, `has version ${JSON.stringify(version ?? null)}, this simulator writes version ${WORLD_VERSION}`, fresh);
  const parsed = WorldSnapshot.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return setAside(file, `does not hold a valid world (${issue.path.join(".")}: ${issue.message})`, fresh);
  }
  if (JSON.stringify(parsed.data.origin) !== JSON.stringify(originOf(options))) {
    return fresh(`the world in ${file} was made for other orgs or another seed; started a fresh one (it replaces the old)`);
  }
  return { state: restoreWorld(options, parsed.data), report: { file, restored: true } };
}

function setAside<T>(file: string, problem: string, fresh: (note: string) => T): T {
  renameSync(file, `${file}.bad`);
  return fresh(`${file} ${problem}; kept it as ${file}.bad and started a fresh world`);
}

/** Writes the world `delayMs` after the last change, and at once on flush(). */
export function createWorldSaver({ file, state, origin, delayMs = 300 }: { file: string; state: SimState; origin: WorldOrigin; delayMs?: number }): WorldSaver {
  let timer: NodeJS.Timeout | undefined;
  const write = () => {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    // 0600: the file holds the simulated App's private key and secrets.
    writeFileSync(tmp, JSON.stringify(snapshotWorld(state, origin)), { mode: 0o600 });
    renameSync(tmp, file);
  };
  const saver: WorldSaver = {
    markDirty() {
      clearTimeout(timer);
      timer = setTimeout(() => saver.flush(), delayMs);
    },
    flush() {
      if (timer === undefined) return;
      clearTimeout(timer);
      timer = undefined;
      try {
        write();
      } catch (err) {
        console.error(`[simulator] could not save the world to ${file}: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
  return saver;
}
