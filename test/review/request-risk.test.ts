// A request is scored as the grant it becomes if approved now, on the grants' scale and reasons.
import { describe, expect, it } from "vitest";
import { scoreRequest } from "../../bot/review/request-risk.ts";
import { RISK_POINTS } from "../../model/risk.ts";

const now = new Date("2026-03-01T00:00:00Z");
const DAY = 86_400_000;

describe("scoreRequest", () => {
  it("scores sensitive write on all repositories without expiry high, with the reasons why", () => {
    const risk = scoreRequest({
      permissions: { repository: { administration: "write", metadata: "read" } }, repositorySelection: "all",
      tokenExpired: false, tokenExpiresAt: null, tokenLastUsedAt: null,
    }, now);
    expect(risk.score).toBe(RISK_POINTS.permission_sensitive_write + RISK_POINTS.all_repositories_write + RISK_POINTS.no_expiry + RISK_POINTS.never_used_recent);
    expect(risk.reasons.map((r) => r.text)).toEqual([
      "sensitive write permission: administration:write", "all repositories, with write access", "never expires", "not used yet",
    ]);
  });

  it("scores a read-only request for a few repositories, expiring soon, low", () => {
    const risk = scoreRequest({
      permissions: { repository: { contents: "read", metadata: "read" } }, repositorySelection: "subset",
      tokenExpired: false, tokenExpiresAt: new Date(now.getTime() + 30 * DAY), tokenLastUsedAt: new Date(now.getTime() - 2 * DAY),
    }, now);
    expect(risk).toEqual({ score: RISK_POINTS.permission_read, reasons: [{ code: "permission_read", points: RISK_POINTS.permission_read, text: "read permission: contents:read" }] });
  });
});

describe("the requests verbs carry the score", async () => {
  const { createTestDb } = await import("../helpers/db.ts");
  const { testEngine } = await import("../helpers/engine.ts");
  const { insertOrg, insertRequest } = await import("../app/factories.ts");

  it("list (the CLI's json and table) and queue (the dashboard) give the same score", async () => {
    const h = await createTestDb();
    try {
      const engine = testEngine({ db: h.db, now: () => now });
      const org = await insertOrg({ db: h.db, login: "acme" });
      await insertRequest({ db: h.db, orgId: org.id, now, spec: { permissions: { repository: { workflows: "write" } }, tokenExpiresAt: null } });
      const [listed] = (await engine.requests.list({ orgId: org.id })).rows;
      const { rows: [queued] } = await engine.requests.queue({ orgId: org.id, limit: 10 });
      const expected = RISK_POINTS.permission_sensitive_write + RISK_POINTS.all_repositories_write + RISK_POINTS.no_expiry + RISK_POINTS.never_used_recent;
      expect(listed!.risk.score).toBe(expected);
      expect(queued!.risk).toEqual(listed!.risk);
    } finally {
      await h.close();
    }
  }, 120_000); // a fresh migrated database inside the test: slow on a busy two-core machine
});
