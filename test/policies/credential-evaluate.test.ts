// Credential rules match exactly the credentials their condition names: each rule type over a
// small hand-made set, kinds, exceptions (login, id, kind; end date inclusive), removed and
// expired credentials never.
import { describe, expect, it } from "vitest";
import { policyConfigSchema } from "../../bot/policies/config.ts";
import { credentialLabel, evaluateCredentialRules, type EvaluableCredential } from "../../bot/policies/evaluate-credentials.ts";

const DAY = 86_400_000;
const now = new Date("2027-03-01T12:00:00Z");
const ago = (days: number) => new Date(now.getTime() - days * DAY);
const later = (days: number) => new Date(now.getTime() + days * DAY);

let next = 1000;
function cred(over: Partial<EvaluableCredential>): EvaluableCredential {
  return {
    credentialId: next++, login: "mona", credentialType: "personal access token", tokenLastEight: "abcd1234", title: null, scopes: ["repo"],
    authorizedAt: ago(200), accessedAt: ago(1), expiresAt: later(30), ownerIsMember: true, removedAt: null, ...over,
  };
}

const C = {
  idle100: cred({ accessedAt: ago(100) }),
  idle20: cred({ accessedAt: ago(20) }),
  neverOld: cred({ accessedAt: null, authorizedAt: ago(45) }),
  neverNew: cred({ accessedAt: null, authorizedAt: ago(10) }),
  noExpiry: cred({ expiresAt: null }),
  longLife: cred({ authorizedAt: ago(10), expiresAt: later(400) }),
  ssh: cred({ credentialType: "SSH key", tokenLastEight: null, title: "laptop", scopes: [], expiresAt: null }),
  adminOrg: cred({ scopes: ["admin:org", "gist"] }),
  deleteRepo: cred({ scopes: ["delete_repo"], login: "Hubot" }),
  oauth: cred({ credentialType: "OAuth app token", scopes: ["read:org"] }),
  left: cred({ ownerIsMember: false, login: "gone" }),
  unknownKind: cred({ credentialType: "a future kind" }),
  removed: cred({ accessedAt: ago(300), removedAt: ago(1) }),
  expired: cred({ accessedAt: ago(300), expiresAt: ago(1) }),
};
const all = Object.values(C);
const nameOf = new Map(Object.entries(C).map(([k, v]) => [v.credentialId, k]));

function matched(rules: unknown[]): Record<string, string[]> {
  const config = policyConfigSchema.parse({ credentialRules: rules });
  const out: Record<string, string[]> = {};
  for (const m of evaluateCredentialRules({ credentials: all, config, now })) (out[m.ruleId] ??= []).push(`${nameOf.get(m.credentialId)}${m.excepted ? " (excepted)" : ""}`);
  return out;
}

describe("evaluateCredentialRules", () => {
  it("each rule type matches exactly its credentials; removed and expired never match", () => {
    expect(matched([
      { id: "idle", type: "idle", days: 90 },
      { id: "never", type: "never_accessed", days: 30 },
      { id: "life", type: "lifetime", maxDays: 366 },
      { id: "life-only", type: "lifetime", maxDays: 366, includeNoExpiry: false },
      { id: "scopes", type: "forbidden_scopes", scopes: ["delete_repo", "write:org"] },
      { id: "no-ssh", type: "credential_types", forbidden: ["ssh_key"] },
      { id: "pats-only", type: "credential_types", allowed: ["classic_pat"] },
      { id: "left", type: "owner_left" },
    ])).toEqual({
      idle: ["idle100"],
      never: ["neverOld"],
      life: ["noExpiry", "longLife", "ssh"],
      "life-only": ["longLife"],
      scopes: ["adminOrg", "deleteRepo"],
      "no-ssh": ["ssh"],
      "pats-only": ["ssh", "oauth", "unknownKind"],
      left: ["left"],
    });
  });

  it("kinds narrow a rule; an unknown kind is in no list", () => {
    expect(matched([
      { id: "pat-no-expiry", type: "lifetime", maxDays: 366, kinds: ["classic_pat"] },
      { id: "org-scopes", type: "forbidden_scopes", scopes: ["read:org"], kinds: ["oauth_app_token"] },
    ])).toEqual({ "pat-no-expiry": ["noExpiry", "longLife"], "org-scopes": ["oauth"] });
  });

  it("exceptions by login (any case), credential id or kind hold through their last day", () => {
    const exceptions = [
      { login: "hubot", reason: "bot", until: "2027-03-01" },
      { credentialId: C.adminOrg.credentialId, reason: "break glass", until: "2027-02-28" },
      { type: "ssh_key", reason: "deploy keys", until: "2027-12-31" },
    ];
    expect(matched([
      { id: "scopes", type: "forbidden_scopes", scopes: ["delete_repo", "admin:org"], exceptions },
      { id: "no-ssh", type: "credential_types", forbidden: ["ssh_key"], exceptions },
    ])).toEqual({ scopes: ["adminOrg", "deleteRepo (excepted)"], "no-ssh": ["ssh (excepted)"] });
  });

  it("details say why and labels name the credential", () => {
    const config = policyConfigSchema.parse({ credentialRules: [{ id: "idle", type: "idle", days: 90 }, { id: "s", type: "forbidden_scopes", scopes: ["read:org"] }] });
    const ms = evaluateCredentialRules({ credentials: [C.idle100, C.adminOrg], config, now });
    expect(ms.map((m) => m.detail)).toEqual(["not accessed for 100 days (limit 90)", "holds scope admin:org"]);
    expect(credentialLabel(C.idle100)).toBe("classic PAT …abcd1234");
    expect(credentialLabel(C.ssh)).toBe("SSH key laptop");
  });
});
