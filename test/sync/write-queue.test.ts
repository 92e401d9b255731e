// The write queue behind the grant walk and the repository listings: writes land one after
// another in the order queued, at most `depth` wait, and after a failure no later write starts.
import { describe, expect, it } from "vitest";
import { createWriteQueue } from "../../bot/sync/write-queue.ts";

const tick = () => new Promise((r) => setImmediate(r));

describe("createWriteQueue", () => {
  it("runs the writes one after another, in the order they were queued", async () => {
    const q = createWriteQueue({ depth: 10 });
    const log: string[] = [];
    const write = (name: string, ticks: number) => async () => {
      log.push(`${name} start`);
      for (let i = 0; i < ticks; i++) await tick();
      log.push(`${name} end`);
    };
    await q.push(write("a", 3));
    await q.push(write("b", 0));
    await q.push(write("c", 1));
    await q.drain();
    expect(log).toEqual(["a start", "a end", "b start", "b end", "c start", "c end"]);
  });

  it("makes the producer wait while `depth` writes are pending", async () => {
    const q = createWriteQueue({ depth: 2 });
    const release: (() => void)[] = [];
    const blocked = () => new Promise<void>((r) => release.push(r));
    await q.push(blocked);
    await q.push(blocked);
    let third = false;
    const pushing = q.push(async () => void (third = true)).then(() => "queued");
    await tick();
    expect(await Promise.race([pushing, tick().then(() => "waiting")])).toBe("waiting");
    release.shift()!(); // the first write finishes: a place is free
    expect(await pushing).toBe("queued");
    while (release.length < 1) await tick();
    release.shift()!();
    await q.drain();
    expect(third).toBe(true);
  });

  it("starts no write after a failure, and says so on drain and on the next push", async () => {
    const q = createWriteQueue({ depth: 5 });
    const boom = new Error("connection lost");
    let later = false;
    await q.push(async () => {
      await tick();
      throw boom;
    });
    await q.push(async () => void (later = true));
    await expect(q.drain()).rejects.toBe(boom);
    await q.settle(); // settles without throwing
    expect(later).toBe(false);
    expect(q.error).toBe(boom);
    await expect(q.push(async () => void (later = true))).rejects.toBe(boom);
    expect(later).toBe(false);
  });
});
