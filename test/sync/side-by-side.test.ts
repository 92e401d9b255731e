// sideBySide: independent sweeps run together; the first failure stops the rest at their next
// checkpoint and is what the run reports, and every part has settled before it returns.
import { describe, expect, it } from "vitest";
import { emptyStats, silentLog, type SyncContext } from "../../bot/sync/context.ts";
import { sideBySide } from "../../bot/sync/side-by-side.ts";

const ctx = (checkpoint: () => void = () => {}): SyncContext =>
  ({ db: {} as never, octokit: {} as never, org: { id: 1, login: "acme" }, runId: 1, now: () => new Date(), counters: {} as never, stats: emptyStats(), log: silentLog, checkpoint, details: {} }) as SyncContext;
const tick = () => new Promise((r) => setImmediate(r));

describe("sideBySide", () => {
  it("runs the parts at the same time", async () => {
    const order: string[] = [];
    const part = (name: string) => async () => {
      order.push(`${name} start`);
      await tick();
      order.push(`${name} end`);
    };
    await sideBySide(ctx(), [part("a"), part("b")]);
    expect(order).toEqual(["a start", "b start", "a end", "b end"]);
  });

  it("stops the others at their next checkpoint on the first failure, and waits for them", async () => {
    const boom = new Error("members: 500");
    let pagesB = 0;
    let bSettled = false;
    const a = async () => {
      await tick();
      await tick();
      throw boom;
    };
    const b = async (c: SyncContext) => {
      try {
        for (;;) {
          c.checkpoint();
          pagesB++;
          await tick();
        }
      } finally {
        await tick();
        bSettled = true;
      }
    };
    await expect(sideBySide(ctx(), [a, b])).rejects.toBe(boom);
    expect(bSettled).toBe(true);
    expect(pagesB).toBeGreaterThan(0);
    expect(pagesB).toBeLessThan(5); // stopped within a page or two of the failure, not run to the end
  });

  it("keeps the outer checkpoint (a lost lease stops every part)", async () => {
    const lost = new Error("lease lost");
    let calls = 0;
    const part = async (c: SyncContext) => {
      for (;;) {
        c.checkpoint();
        await tick();
      }
    };
    await expect(sideBySide(ctx(() => { if (++calls > 3) throw lost; }), [part, part])).rejects.toBe(lost);
  });
});
