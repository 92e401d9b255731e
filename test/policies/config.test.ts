// The policy file parser with broken files: every error names its line and field, and a file with
// any error yields no config at all (nothing of it is half-applied).
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY_CONFIG, parsePolicyConfig } from "../../bot/policies/config.ts";

const VALID = `enforcement:
  maxRevocationsPerRun: 20
notify:
  repository: security-notices
rules:
  - id: idle-90
    type: idle
    days: 90
    mode: revoke
    graceDays: 7
    exceptions:
      - token: deploy-bot
        reason: release pipeline, replaced in Q3
        until: 2027-09-30
  - id: no-admin
    type: forbidden_permissions
    permissions: ["administration:write"]
`;

describe("parsePolicyConfig", () => {
  it("parses a valid file with defaults filled in", () => {
    const parsed = parsePolicyConfig(VALID);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.config.enforcement).toEqual({ stop: false, maxRevocationsPerRun: 20, maxRevocationPercent: 10 });
    expect(parsed.config.rules.map((r) => [r.id, r.mode, r.graceDays])).toEqual([["idle-90", "revoke", 7], ["no-admin", "report", 7]]);
  });

  it("an empty file is the defaults with no rules", () => {
    const parsed = parsePolicyConfig("");
    expect(parsed).toMatchObject({ ok: true, config: { rules: [], enforcement: DEFAULT_POLICY_CONFIG.enforcement } });
  });

  it("names line and field of every validation error, and returns no config", () => {
    const bad = VALID
      .replace("days: 90", "days: -3")
      .replace('["administration:write"]', '["administration:admin"]')
      .replace("until: 2027-09-30", "until: next year");
    const parsed = parsePolicyConfig(bad);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect("config" in parsed).toBe(false);
    const byField = Object.fromEntries(parsed.errors.map((e) => [e.field, e]));
    expect(byField["rules[0].days"]).toMatchObject({ line: 8, message: "must be at least 1 day" });
    expect(byField["rules[0].exceptions[0].until"]).toMatchObject({ line: 14 });
    expect(byField["rules[1].permissions[0]"]).toMatchObject({ line: 17 });
    expect(byField["rules[1].permissions[0]"]!.message).toContain("administration has no level admin");
    for (const e of parsed.errors) expect(e.line).toBeTypeOf("number");
  });

  it("reports YAML syntax errors with their line", () => {
    const parsed = parsePolicyConfig("rules:\n  - id: a\n    type: idle\n   days: [1\n");
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors[0]).toMatchObject({ field: "(yaml)" });
    expect(parsed.errors[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it("refuses unknown keys, duplicate rule ids, and notify/revoke modes without a place to warn owners", () => {
    const parsed = parsePolicyConfig(`rules:
  - id: a
    type: owner_left
    mode: notify
  - id: a
    type: idle
    days: 10
    dayz: 3
`);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const fields = parsed.errors.map((e) => `${e.line} ${e.field}`);
    expect(fields).toContain("5 rules[1]");
    expect(parsed.errors.find((e) => e.field === "rules[1]")!.message).toMatch(/dayz/);
    // The refinements run only on an otherwise valid file, so fix the key and look again.
    const again = parsePolicyConfig(`rules:
  - id: a
    type: owner_left
    mode: notify
  - id: a
    type: idle
    days: 10
`);
    expect(again.ok).toBe(false);
    if (again.ok) return;
    const found = again.errors.map((e) => `${e.line} ${e.field}`);
    expect(found).toContain("4 rules[0].mode");
    expect(found).toContain("5 rules[1].id");
  });

  it("refuses a rule with both token and owner in an exception, and an unknown rule type", () => {
    const parsed = parsePolicyConfig(`rules:
  - id: a
    type: idle
    days: 10
    exceptions:
      - token: x
        owner: bob
        reason: r
        until: 2030-01-01
  - id: b
    type: sleepy
`);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => e.field)).toEqual(expect.arrayContaining(["rules[0].exceptions[0]", "rules[1].type"]));
    expect(parsed.errors.find((e) => e.field === "rules[1].type")!.line).toBe(11);
  });
});
