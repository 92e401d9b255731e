// `patwarden grants` tells one truth about its filters: a repository by name or owner/name, an
// unknown repository, impossible dates, negative numbers, misspelt flags and pages past the end
// are each an answer or an exit-2 error naming the flag, never a quiet list.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../server/harness.ts";
import { runCli } from "./run-cli.ts";

let stack: Stack;
let repo: { name: string; full_name: string };

beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: "acme", grants: 80, requests: 3 }] });
  repo = stack.sim.control.org("acme").grants.find((g) => g.repository_selection === "subset" && g.repositories.length > 0)!.repositories[0]!;
});
afterAll(() => stack?.close());

const cli = (...argv: string[]) => runCli(argv, { db: stack.handle, env: stack.rawEnv });
const jsonIds = (out: string) => (JSON.parse(out) as { id: number }[]).map((g) => g.id);

describe("grants --repository", () => {
  it("gives the same grants for name and owner/name, and says that all-repository grants are included", async () => {
    const byName = await cli("grants", "--org", "acme", "--repository", repo.name, "--format", "json");
    const byFull = await cli("grants", "--org", "acme", "--repository", repo.full_name.toUpperCase(), "--format", "json");
    expect([byName.code, byFull.code]).toEqual([0, 0]);
    expect(jsonIds(byFull.out)).toEqual(jsonIds(byName.out));
    const all = await cli("grants", "--org", "acme", "--selection", "all", "--format", "json");
    expect(jsonIds(byName.out).length).toBeGreaterThan(jsonIds(all.out).length);
    expect(byName.err).toContain(`Grants with "All repositories" reach every repository, ${repo.name} included`);
    const subsetOnly = await cli("grants", "--org", "acme", "--repository", repo.name, "--selection", "subset");
    expect(subsetOnly.err).not.toContain("All repositories");
  });

  it("refuses an unknown repository with exit 2, naming it and close matches", async () => {
    const typo = `${repo.name}x`;
    const r = await cli("grants", "--org", "acme", "--repository", typo);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(new RegExp(`^error: --repository: no grant or request of this org lists a repository "${typo}"; did you mean ${repo.name}[,?]`));
    const revoke = await cli("revoke", "--org", "acme", "--repository", typo, "--reason", "r", "--dry-run");
    expect(revoke.code).toBe(2);
    expect(revoke.err).toContain(`lists a repository "${typo}"; did you mean ${repo.name}`);
    const otherOwner = await cli("grants", "--org", "acme", "--repository", `globex/${repo.name}`);
    expect(otherOwner.code).toBe(2);
    expect(otherOwner.err).toContain(`did you mean ${repo.full_name}`);
  });
});

describe("strict values and flags", () => {
  it.each([
    [["--last-used-before", "2025-02-30"], 'error: --last-used-before: "2025-02-30" is not a real date or time'],
    [["--expires-after", "2023-02-29"], 'error: --expires-after: "2023-02-29" is not a real date or time'],
    [["--stale-days", "-5"], 'error: --stale-days: must be a positive whole number of days, got "-5"\n'],
    [["--stale-days=-5"], 'error: --stale-days: must be a positive whole number of days, got "-5"\n'],
    [["--risk-min", "-1"], 'error: --risk-min: must be a whole number from 0 to 100, got "-1"\n'],
    [["--stale-day", "5"], "error: --stale-day: unknown flag; did you mean --stale-days?"],
    [["--page", "999"], "error: --page: 999 is past the last page (2); 80 grants match\n"],
  ])("grants %j exits 2 naming the flag", async (argv, message) => {
    const r = await cli("grants", "--org", "acme", ...argv);
    expect(r.code).toBe(2);
    expect(r.err.startsWith(message)).toBe(true);
    expect(r.out).toBe("");
  });

  it("suggests the flag for every command", async () => {
    const r = await cli("requests", "--org", "acme", "--stauts", "pending");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: --stauts: unknown flag; did you mean --status\?/);
  });

  it("the last page itself still lists", async () => {
    const r = await cli("grants", "--org", "acme", "--page", "2", "--format", "json");
    expect(r.code).toBe(0);
    expect(jsonIds(r.out)).toHaveLength(30);
  });
});
