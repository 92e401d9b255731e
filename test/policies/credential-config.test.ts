// credentialRules in the policy file: validated like rules (line and field named), ids unique
// across both lists, exceptions by exactly one of login, credential id or kind.
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY_CONFIG, parsePolicyConfig } from "../../bot/policies/config.ts";
import { scopesGranting } from "../../model/credential-scopes.ts";

const VALID = `notify:
  repository: security-notices
rules:
  - id: idle-90
    type: idle
    days: 90
credentialRules:
  - id: no-ssh
    type: credential_types
    forbidden: [ssh_key]
    mode: revoke
    graceDays: 3
  - id: no-delete-repo
    type: forbidden_scopes
    scopes: [delete_repo, "admin:org"]
    kinds: [classic_pat]
    exceptions:
      - login: octocat
        reason: release automation, replaced in Q3
        until: 2027-09-30
      - credentialId: 1234
        reason: break-glass token
        until: 2027-01-31
`;

describe("credentialRules", () => {
  it("parses with defaults filled in", () => {
    const parsed = parsePolicyConfig(VALID);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.config.credentialRules.map((r) => [r.id, r.type, r.mode, r.graceDays])).toEqual([
      ["no-ssh", "credential_types", "revoke", 3], ["no-delete-repo", "forbidden_scopes", "report", 7],
    ]);
    expect(parsed.config.credentialRules[1]!.exceptions.map((e) => e.login ?? e.credentialId)).toEqual(["octocat", 1234]);
  });

  it("a file without credentialRules has none; the defaults (no file) report on credentials", () => {
    const parsed = parsePolicyConfig("rules: []\n");
    expect(parsed.ok && parsed.config.credentialRules).toEqual([]);
    expect(DEFAULT_POLICY_CONFIG.credentialRules.map((r) => [r.id, r.mode])).toEqual([
      ["credential-idle-90", "report"], ["credential-never-accessed-30", "report"], ["credential-no-expiry", "report"],
      ["credential-admin-scopes", "report"], ["credential-owner-left", "report"],
    ]);
  });

  it("names line and field of each error", () => {
    const bad = VALID
      .replace("forbidden: [ssh_key]", "forbidden: [ssh_keys]")
      .replace("      - credentialId: 1234\n", "      - credentialId: 1234\n        login: octocat\n");
    const parsed = parsePolicyConfig(bad);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const byField = Object.fromEntries(parsed.errors.map((e) => [e.field, e]));
    expect(byField["credentialRules[0].forbidden[0]"]).toMatchObject({ line: 10 });
    expect(byField["credentialRules[0].forbidden[0]"]!.message).toContain("classic_pat, ssh_key");
    expect(byField["credentialRules[1].exceptions[1]"]!.message).toBe("give exactly one of login, credentialId or type");
  });

  it("rule ids are unique across rules and credentialRules", () => {
    const parsed = parsePolicyConfig(VALID.replace("id: no-delete-repo", "id: idle-90"));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual([{ field: "credentialRules[1].id", line: 13, message: 'duplicate rule id "idle-90"' }]);
  });

  it("credential_types needs exactly one of allowed or forbidden; notify/revoke need a notify target", () => {
    const parsed = parsePolicyConfig("credentialRules:\n  - id: t\n    type: credential_types\n    mode: notify\n");
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => `${e.field}: ${e.message}`)).toEqual(expect.arrayContaining([
      "credentialRules[0]: give exactly one of allowed or forbidden",
      "credentialRules[0].mode: mode notify warns owners first: set notify.repository (or notify.webhookUrl)",
    ]));
  });

  it("a scope that includes a forbidden one counts (admin:org holds read:org), unrelated ones do not", () => {
    expect(scopesGranting(["admin:org", "gist"], ["read:org"])).toEqual(["admin:org"]);
    expect(scopesGranting(["repo", "delete_repo"], ["public_repo", "delete_repo"])).toEqual(["delete_repo", "repo"]);
    expect(scopesGranting(["read:org", "gist"], ["admin:org"])).toEqual([]);
  });
});
