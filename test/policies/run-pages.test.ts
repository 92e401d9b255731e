// The policy run history by keyset cursor: Older from the first page to the end and Newer back give
// every run once, newest first, ties on startedAt (and microseconds) included; a bad cursor is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.ts";
import { listPolicyRunPage } from "../../db/queries/policy-runs.ts";
import { policyRuns } from "../../db/schema.ts";
import { decodeTimeCursor } from "../../model/time-cursor.ts";
import { createTestDb } from "../helpers/db.ts";
import { testEngine } from "../helpers/engine.ts";
import { newestFirst, nudgeMicroseconds, tiedTimes, walkBothWays } from "../helpers/time-pages.ts";
import { insertOrg } from "../app/factories.ts";

let h: DbHandle;
beforeAll(async () => { h = await createTestDb(); });
afterAll(async () => { await h?.close(); });

describe("policies.listRuns by cursor", () => {
  it("walks every run once in order, both ways (the view and the plain rows), and refuses a bad cursor", async () => {
    const engine = testEngine({ db: h.db });
    const org = await insertOrg({ db: h.db, login: "run-pages" });
    const other = await insertOrg({ db: h.db, login: "run-pages-other" });
    const run = (orgId: number, startedAt: Date) => ({ orgId, trigger: "schedule", actor: "patwarden", status: "succeeded" as const, evaluatedAt: startedAt, startedAt });
    await h.db.insert(policyRuns).values(tiedTimes(11).map((t) => run(org.id, t)));
    await h.db.insert(policyRuns).values(run(other.id, tiedTimes(1)[0]!));
    await nudgeMicroseconds(h.db, "policy_runs", "started_at");
    const expected = await newestFirst(h.db, "policy_runs", "started_at", org.id);
    expect(expected.length).toBe(11);

    const view = await walkBothWays((c) => engine.policies.listRuns({ orgId: org.id, limit: 3, ...c }));
    expect(view.firstNewer).toBeNull();
    expect(view.forward.flat()).toEqual(expected);
    expect(view.back).toEqual(view.forward);

    const decode = (text?: string) => (text ? decodeTimeCursor({ text, field: "before", list: "policy-runs" }) : undefined);
    const rows = await walkBothWays(({ before, after }) => listPolicyRunPage({ db: h.db, orgId: org.id, limit: 4, before: decode(before), after: decode(after) }));
    expect(rows.forward.flat()).toEqual(expected);
    expect(rows.back).toEqual(rows.forward);

    await expect(engine.policies.listRuns({ orgId: org.id, after: "x" })).rejects.toMatchObject({ kind: "InvalidInput", field: "after" });
  });
});
