// Whether dist/ (bin/build-cli.js) may run: it exists and nothing it was built from changed since.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

/** Written last by a build, so its time is the build's. */
export const STAMP = ".built";
const SOURCE_DIRS = ["bot", "db", "model", "simulator"];
const SOURCE_FILES = ["package.json", "tsconfig.json", "tsconfig.build.json"];

function newestIn(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, statSync(path.join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return newest;
}

/** "fresh", "stale" (sources edited since the build) or "absent". */
export function compiledState(root) {
  let built;
  try {
    built = statSync(path.join(root, "dist", STAMP)).mtimeMs;
  } catch {
    return "absent";
  }
  const newest = Math.max(
    ...SOURCE_DIRS.map((d) => newestIn(path.join(root, d))),
    ...SOURCE_FILES.map((f) => statSync(path.join(root, f), { throwIfNoEntry: false })?.mtimeMs ?? 0),
  );
  return newest <= built ? "fresh" : "stale";
}
