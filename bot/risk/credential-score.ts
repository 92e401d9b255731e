// An SSO credential authorization's risk score (0–100) with its reasons, like a grant's: the sum of
// one reason per factor (its worst case), capped. Pure. Factors: what the scopes allow (tiers in
// model/credential-scopes.ts), how many repositories that reaches (a classic PAT with `repo` and an
// SSH key reach every repository the owner can), idle or never accessed, no or far expiry, owner left.
import { ALL_REPOSITORIES_SCOPE, PUBLIC_REPOSITORIES_SCOPE, scopesInTier } from "../../model/credential-scopes.ts";
import { credentialKind } from "../../model/credentials.ts";
import { DAY_MS, LONG_EXPIRY_DAYS } from "../../model/categories.ts";
import { OWNER_LEFT_REASON, RISK_POINTS, type RiskCode, type RiskReason, type RiskScore, type ScoredCredential } from "../../model/risk.ts";
import { idleReason } from "./idle.ts";
import { finishRisk } from "./score.ts";

export function scoreCredential(credential: ScoredCredential, now: Date): RiskScore {
  const reasons: RiskReason[] = [];
  const add = (code: RiskCode, text: string) => reasons.push({ code, points: RISK_POINTS[code], text });
  const { scopes } = credential;
  const sshKey = credentialKind(credential.credentialType) === "ssh_key";

  const admin = scopesInTier(scopes, "admin");
  const write = scopesInTier(scopes, "write");
  const read = scopesInTier(scopes, "read");
  if (admin.length) add("credential_scope_admin", `sensitive scope: ${admin.join(", ")}`);
  else if (write.length) add("credential_scope_write", `write scope: ${write.join(", ")}`);
  // An SSH key has no scopes, yet git over SSH reads and pushes wherever its owner may.
  else if (sshKey) add("credential_scope_write", "SSH key: git read and push access");
  else if (read.length) add("credential_scope_read", `read scope: ${read.join(", ")}`);

  if (sshKey) add("credential_all_repositories", "SSH key: every repository its owner can reach");
  else if (scopes.includes(ALL_REPOSITORIES_SCOPE)) add("credential_all_repositories", "repo scope: every repository its owner can reach");
  else if (scopes.includes(PUBLIC_REPOSITORIES_SCOPE)) add("credential_public_repositories", "public_repo scope: every public repository its owner can reach");

  const idle = idleReason({ lastUsedAt: credential.accessedAt, grantedAt: credential.authorizedAt, now, used: "accessed", granted: "authorized" });
  if (idle) add(idle.code, idle.text);

  // An expired credential cannot be used, so its expiry adds nothing.
  const expiresAt = credential.expiresAt;
  if (!expiresAt) add("credential_no_expiry", sshKey ? "never expires (SSH keys have no expiry)" : "never expires");
  else if (expiresAt > now && expiresAt.getTime() - now.getTime() > LONG_EXPIRY_DAYS * DAY_MS) {
    add("far_expiry", `expires in ${Math.floor((expiresAt.getTime() - now.getTime()) / DAY_MS)} days`);
  }

  if (credential.ownerIsMember === false) reasons.push(OWNER_LEFT_REASON);
  return finishRisk(reasons);
}
