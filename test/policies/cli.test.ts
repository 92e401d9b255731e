// `patwarden policy` in-process against a running stack (server + simulator): --check, the --now
// guard, a dry run, --run without confirmation, and the demo's walk-through (run, then 8 days later).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listPolicyWarnings } from "../../db/queries/policy-warnings.ts";
import { getEffectivePolicy } from "../../bot/policies/index.ts";
import { startStack, type Stack } from "../server/harness.ts";
import { runCli } from "../cli/run-cli.ts";
import { DAY, idleIds, putPolicy } from "./harness.ts";

const ORG = "clico";
const POLICY = `notify:
  repository: security-notices
enforcement:
  maxRevocationsPerRun: 100
  maxRevocationPercent: 100
rules:
  - id: idle-30
    type: idle
    days: 30
    mode: revoke
    graceDays: 7
`;
let stack: Stack;
let orgId: number;
const dir = mkdtempSync(path.join(tmpdir(), "pw-policy-"));
const cli = (argv: string[], env: NodeJS.ProcessEnv = {}) => runCli(argv, { db: stack.handle, env: { ...stack.rawEnv, ...env }, ask: null });

beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: ORG, grants: 30, subsetShare: 0 }] });
  orgId = (await stack.org(ORG)).id;
}, 180_000);
afterAll(() => stack?.close());

describe("patwarden policy", () => {
  it("--check: errors with file, line and field (exit 2); a valid file exits 0", async () => {
    const bad = path.join(dir, "bad.yml");
    writeFileSync(bad, POLICY.replace("days: 30", "days: 0"));
    const r = await cli(["policy", "--check", bad]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${bad}:9: rules[0].days: must be at least 1 day`);
    const good = path.join(dir, "good.yml");
    writeFileSync(good, POLICY);
    expect(await cli(["policy", "--check", good])).toMatchObject({ code: 0, out: `${good}: valid (1 rule)\n` });
  });

  it("refuses --now unless PATWARDEN_ALLOW_CLOCK_OVERRIDE=1", async () => {
    const r = await cli(["policy", "--org", ORG, "--dry-run", "--now", "2030-01-01T00:00:00Z"], { PATWARDEN_ALLOW_CLOCK_OVERRIDE: undefined });
    expect(r.code).toBe(2);
    expect(r.err).toContain("PATWARDEN_ALLOW_CLOCK_OVERRIDE=1");
  });

  it("a push of the file reloads it; --dry-run previews per grant and writes no warning; --run needs --yes", async () => {
    await putPolicy(stack.sim, ORG, POLICY); // delivered to the server's push handler
    expect(await getEffectivePolicy({ db: stack.handle.db, orgId })).toMatchObject({ status: "valid", source: POLICY });
    const expected = idleIds({ sim: stack.sim, org: ORG, days: 30, at: new Date(stack.sim.control.clock().now) });
    const dry = await cli(["policy", "--org", ORG, "--dry-run", "--format", "json"]);
    expect(dry.code).toBe(0);
    const plan = JSON.parse(dry.out) as { dryRun: boolean; items: { grantId: number; outcome: string }[] };
    expect(plan.dryRun).toBe(true);
    expect(plan.items.filter((i) => i.outcome === "notified").map((i) => i.grantId).sort()).toEqual(expected);
    expect(await listPolicyWarnings({ db: stack.handle.db, orgId })).toEqual([]);
    const table = await cli(["policy", "--org", ORG, "--dry-run", "--no-reload"]);
    expect(table.out).toMatch(/dry run: nothing was changed/);
    expect(table.out).toMatch(/idle-30/);
    expect(table.out).toMatch(/a run would warn the owners of \d+ grants and revoke \d+/);
    expect(table.out).not.toMatch(/\d+ notified, \d+ revoked/);
    const refused = await cli(["policy", "--org", ORG, "--run"]);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/--yes/);
  });

  it("--run --yes warns owners; --now 8 days later revokes the grants still idle", async () => {
    const now = new Date(stack.sim.control.clock().now);
    const first = await cli(["policy", "--org", ORG, "--run", "--yes", "--format", "json"]);
    expect(first.code).toBe(0);
    expect(stack.sim.control.issues(ORG, "security-notices").length).toBeGreaterThan(0);
    const at8 = new Date(now.getTime() + 8 * DAY);
    const warned = new Set((await listPolicyWarnings({ db: stack.handle.db, orgId, status: "open" })).map((w) => w.grantId));
    const due = idleIds({ sim: stack.sim, org: ORG, days: 30, at: at8 }).filter((id) => warned.has(id));
    const later = await cli(["policy", "--org", ORG, "--run", "--yes", "--now", at8.toISOString()], { PATWARDEN_ALLOW_CLOCK_OVERRIDE: "1" });
    expect(later.code).toBe(0);
    expect(later.out).toMatch(new RegExp(`${due.length} revoked`));
    const left = new Set(stack.sim.control.org(ORG).grants.map((g) => g.id));
    expect(due.filter((id) => left.has(id))).toEqual([]);
    expect(due.length).toBeGreaterThan(0);
  }, 120_000);
});
