// bin/patwarden.js runs dist/ only while nothing it was built from changed since the build started.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { compiledState, STAMP } from "../../bin/compiled.js";

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A checkout whose sources were last saved at `sourcesAt` (seconds since the epoch). */
function checkout(sourcesAt: number): string {
  root = mkdtempSync(path.join(tmpdir(), "pw-compiled-"));
  for (const dir of ["bot/cli", "db", "model", "simulator"]) mkdirSync(path.join(root, dir), { recursive: true });
  for (const file of ["bot/cli/grants.ts", "db/schema.ts", "model/errors.ts", "simulator/index.ts", "package.json", "tsconfig.json"]) {
    writeFileSync(path.join(root, file), "");
    utimesSync(path.join(root, file), sourcesAt, sourcesAt);
  }
  return root;
}
function build(at: number): void {
  mkdirSync(path.join(root, "dist"), { recursive: true });
  writeFileSync(path.join(root, "dist", STAMP), "");
  utimesSync(path.join(root, "dist", STAMP), at, at);
}

describe("compiledState", () => {
  it("is absent without a build", () => {
    expect(compiledState(checkout(1_000))).toBe("absent");
  });

  it("is fresh when the build started after the last save", () => {
    checkout(1_000);
    build(2_000);
    expect(compiledState(root)).toBe("fresh");
  });

  it("is stale once a source in any folder, or package.json, is saved after the build", () => {
    checkout(1_000);
    build(2_000);
    utimesSync(path.join(root, "model/errors.ts"), 3_000, 3_000);
    expect(compiledState(root)).toBe("stale");
    utimesSync(path.join(root, "model/errors.ts"), 1_000, 1_000);
    utimesSync(path.join(root, "package.json"), 3_000, 3_000);
    expect(compiledState(root)).toBe("stale");
  });

  it("sees a new file deep in a folder", () => {
    checkout(1_000);
    build(2_000);
    mkdirSync(path.join(root, "bot/cli/deep"), { recursive: true });
    writeFileSync(path.join(root, "bot/cli/deep/new.ts"), "");
    expect(compiledState(root)).toBe("stale");
  });
});
