import { describe, expect, it } from "vitest";
import { webhookMessage, type WebhookWarning } from "../../bot/policies/notice-body.ts";
import { plural } from "../../model/words.ts";

const warning = (owner: string, action: WebhookWarning["action"]): WebhookWarning => ({ owner, tokenName: "ci", grantId: 1, rule: "idle", detail: "unused 120 days", action, revokeAfter: null });

describe("counts beside nouns", () => {
  it("says one and many, with the thousands separated", () => {
    expect(plural(1, "grant")).toBe("1 grant");
    expect(plural(0, "grant")).toBe("0 grants");
    expect(plural(2000, "batch", "batches")).toBe("2,000 batches");
  });

  it("the policy webhook's summary line counts in words, not 'token(s)'", () => {
    expect(webhookMessage({ org: "acme", warnings: [warning("alice", "warned"), warning("bob", "revoked")] }).text.split("\n")[0])
      .toBe("patwarden policy in acme: warned 1 owner about 1 token, revoked 1 token");
    expect(webhookMessage({ org: "acme", warnings: [warning("alice", "warned"), warning("bob", "warned")] }).text.split("\n")[0])
      .toBe("patwarden policy in acme: warned 2 owners about 2 tokens");
  });
});
