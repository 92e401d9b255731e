// `npm install` on Node 20 (package.json "engines") prints no EBADENGINE warning: every package in
// the lockfile accepts some Node 20 release. content-type 3.x (node >=22, via @octokit/request) did not.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

// semver is npm's own range logic; it is installed (a transitive dependency) but ships no types.
const semver = createRequire(import.meta.url)("semver") as { intersects(a: string, b: string): boolean };

type LockEntry = { engines?: { node?: string } | string[] };
const lock = JSON.parse(readFileSync(new URL("../../package-lock.json", import.meta.url), "utf8")) as { packages: Record<string, LockEntry> };

describe("the lockfile on Node 20", () => {
  it("holds no package whose engines.node excludes Node 20", () => {
    const refusing = Object.entries(lock.packages)
      .flatMap(([name, entry]) => {
        const range = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
        return range && !semver.intersects(range, "^20.18.1") ? [`${name} (node ${range})`] : [];
      });
    expect(refusing).toEqual([]);
  });
});
