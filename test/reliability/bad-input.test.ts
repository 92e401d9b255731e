// Bad input the other suites do not already cover (signatures, size, revoke ids, reasons and CLI
// flags are in test/handlers/webhook-delivery.test.ts, test/revoke/create.test.ts,
// test/app/review-actions.test.ts, test/cli/cli.test.ts): a correctly signed body that is not
// JSON, events patwarden does not handle, and a broken policy file pushed over a working one.
// Checked failing: with the JSON.parse guard in bot/server/webhooks.ts made to pass the raw body on,
// the malformed delivery reaches probot.receive and answers 500 instead of 400 (run, reverted).
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePolicyConfig } from "../../bot/policies/config.ts";
import { auditLog, grants, patRequests, webhookDeliveries } from "../../db/schema.ts";
import { postWebhook, startStack, type Stack } from "../server/harness.ts";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: "acme", grants: 10, requests: 1 }] });
});
afterAll(() => stack?.close());

async function counts() {
  const db = stack.handle.db;
  const n = async (t: typeof auditLog | typeof grants | typeof patRequests | typeof webhookDeliveries) => (await db.select({ n: count() }).from(t))[0]!.n;
  return { audit: await n(auditLog), grants: await n(grants), requests: await n(patRequests), deliveries: await n(webhookDeliveries) };
}

describe("webhooks", () => {
  it("a correctly signed body that is not JSON is refused with 400 and stores nothing", async () => {
    const before = await counts();
    const res = await postWebhook({ url: stack.server.url, event: "personal_access_token_request", payload: "{not json", secret: stack.env.WEBHOOK_SECRET! });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ error: "body is not valid JSON" });
    expect(await counts()).toEqual(before);
  });

  it("events patwarden does not handle are acknowledged (200) and change nothing", async () => {
    const before = await counts();
    for (const event of ["star", "issues", "repository_vulnerability_alert", "made_up_event"]) {
      const res = await postWebhook({ url: stack.server.url, event, payload: { action: "created", organization: { login: "acme", id: 1 } }, secret: stack.env.WEBHOOK_SECRET! });
      expect(res.status, event).toBe(200);
    }
    const after = await counts();
    expect({ ...after, deliveries: 0 }).toEqual({ ...before, deliveries: 0 });
  });
});

describe("policy file", () => {
  it("a broken file yields errors naming line and field, and no config at all", () => {
    const broken = [
      ["rules:\n  - id: stale\n    type: idle\n    days: ninety\n", "rules[0].days", 4],
      ["rules:\n  - id: s\n    type: forbidden_permissions\n    permissions: [nope:write]\n", "rules[0].permissions[0]", 4],
      ["enforcement:\n  maxRevocationsPerRun: -1\n", "enforcement.maxRevocationsPerRun", 2],
      ["rules: [\n", "(yaml)", 2],
      ["rules:\n  - id: a\n    type: idle\n    days: 30\n    mode: revoke\n", "rules[0].mode", 5],
      ["surprise: true\n", "(file)", 1],
    ] as const;
    for (const [source, field, line] of broken) {
      const parsed = parsePolicyConfig(source);
      expect(parsed.ok, source).toBe(false);
      if (parsed.ok) continue;
      expect(parsed.errors.map((e) => e.field), source).toContain(field);
      if (line !== null) expect(parsed.errors.find((e) => e.field === field)?.line, source).toBe(line);
      expect("config" in parsed).toBe(false);
    }
  });
});
