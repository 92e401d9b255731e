// The README promises that each command of its "try from a second terminal" block shows something
// on the demo's org. This reads that block (so a new example is covered too), runs every command
// against the demo's own world synced into a fresh database, and checks each answer against the
// simulator's ground truth, computed here independently of patwarden's filters.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORGS } from "../../simulator/demo-world.ts";
import type { GroundGrant } from "../../simulator/index.ts";
import { startStack, type Stack } from "../server/harness.ts";
import { runCli } from "./run-cli.ts";

const DAY = 86_400_000;
const RANK: Record<string, number> = { read: 1, write: 2, admin: 3 };

/** The README's block after "try from a second terminal", one argv per `npx patwarden` line. */
function readmeExamples(readme: string): string[][] {
  const block = /try from a second terminal:\s*```sh\n([\s\S]*?)```/i.exec(readme)?.[1];
  if (!block) throw new Error('README.md has no ```sh block after "try from a second terminal"');
  return block.split("\n").filter((l) => l.trim() !== "").map((line) => {
    const m = /^npx patwarden (.*)$/.exec(line.trim());
    if (!m) throw new Error(`not a patwarden command: ${line}`);
    return [...m[1]!.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((t) => t[1] ?? t[2] ?? t[3]!);
  });
}

type Flags = Map<string, string | true>;
function flagsOf(argv: string[]): Flags {
  const flags: Flags = new Map();
  for (let i = 1; i < argv.length; i++) {
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith("--")) flags.set(argv[i]!, argv[++i]!);
    else flags.set(argv[i]!, true);
  }
  return flags;
}

/** Flags that do not select grants, per command. */
const NOT_FILTERS = new Set(["--org", "--format", "--reason", "--dry-run"]);

/** An independent reading of each grant filter the README uses; an unknown one fails the test. */
function grantPredicate(flags: Flags, exMembers: Set<string>, now: number): (g: GroundGrant) => boolean {
  const tests: Array<(g: GroundGrant) => boolean> = [];
  for (const [flag, value] of flags) {
    if (NOT_FILTERS.has(flag)) continue;
    if (flag === "--stale-days") {
      const cutoff = now - Number(value) * DAY;
      tests.push((g) => Date.parse(g.token_last_used_at ?? g.access_granted_at) < cutoff);
    } else if (flag === "--owner-left") {
      tests.push((g) => exMembers.has(g.owner.login));
    } else if (flag === "--permission") {
      const [name, level = "read"] = String(value).split(":");
      tests.push((g) => Object.values(g.permissions).some((scope) => (RANK[(scope as Record<string, string>)[name!] ?? ""] ?? 0) >= RANK[level]!));
    } else {
      throw new Error(`no check for ${flag} in test/cli/readme-examples.test.ts: add one`);
    }
  }
  return (g) => tests.every((t) => t(g));
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ orgs: DEMO_ORGS });
}, 180_000);
afterAll(() => stack?.close());

const cli = (argv: string[]) => runCli(argv, { db: stack.handle, env: stack.rawEnv });
const examples = readmeExamples(readFileSync(new URL("../../README.md", import.meta.url), "utf8"));

describe("the README's second-terminal examples on the demo world", () => {
  it("are there", () => expect(examples.length).toBeGreaterThanOrEqual(3));

  it.each(examples.map((argv) => [argv.join(" "), argv] as const))("%s returns data that matches it", async (_name, argv) => {
    const flags = flagsOf(argv);
    const org = String(flags.get("--org"));
    const truth = stack.sim.control.org(org);
    const exMembers = new Set(truth.exMembers.map((u) => u.login));
    const run = await cli(argv);
    expect(run.err).not.toMatch(/^error/m);
    expect(run.code).toBe(0);
    switch (argv[0]) {
      case "grants": {
        const expected = truth.grants.filter(grantPredicate(flags, exMembers, Date.now())).map((g) => g.id).sort((a, b) => a - b);
        expect(expected.length).toBeGreaterThan(0);
        const json = flags.get("--format") === "json" ? run : await cli([...argv, "--format", "json"]);
        const ids = (JSON.parse(json.out) as Array<{ id: number }>).map((g) => g.id).sort((a, b) => a - b);
        expect(ids).toEqual(expected);
        if (flags.get("--format") !== "json") for (const id of ids.slice(0, 5)) expect(run.out).toContain(String(id));
        break;
      }
      case "requests": {
        const json = await cli([...argv, "--format", "json"]);
        const ids = (JSON.parse(json.out) as Array<{ id: number }>).map((r) => r.id).sort((a, b) => a - b);
        expect(ids.length).toBeGreaterThan(0);
        expect(ids).toEqual(truth.requests.map((r) => r.id).sort((a, b) => a - b));
        break;
      }
      case "sync":
        expect(run.out).toMatch(new RegExp(`${org}: \\w+ sync succeeded`));
        break;
      case "revoke": {
        expect(flags.has("--dry-run")).toBe(true);
        const expected = truth.grants.filter(grantPredicate(flags, exMembers, Date.now()));
        expect(expected.length).toBeGreaterThan(0);
        expect(run.out).toMatch(new RegExp(`Would revoke ${expected.length} active grants? of ${org}\\b`));
        break;
      }
      default:
        throw new Error(`no check for \`patwarden ${argv[0]}\` in test/cli/readme-examples.test.ts: add one`);
    }
  }, 60_000);
});
