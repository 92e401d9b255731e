// The Bottleneck patch (bot/github/bottleneck-yield.ts): its datastore's zero-length yields no
// longer wait for a 1 ms timer, a wait that asks for time still does, and the module patched is
// the very one plugin-throttling and plugin-retry load.
import { createRequire } from "node:module";
import Bottleneck from "bottleneck/light.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { bottleneckYieldPatched } from "../../bot/github/bottleneck-yield.ts";
import "../../bot/github/client.ts";

type Store = { yieldLoop: (t?: number) => Promise<void> };
const storeOf = (b: Bottleneck) => (b as unknown as { _store: Store })._store;

afterEach(() => {
  vi.useRealTimers();
});

describe("Bottleneck's yields", () => {
  it("is patched once the GitHub client is loaded", () => {
    expect(bottleneckYieldPatched).toBe(true);
  });

  it("yields without a timer, and still times a wait that asks for one", async () => {
    const limiter = new Bottleneck();
    vi.useFakeTimers({ toFake: ["setTimeout"] }); // setImmediate stays real
    let zero = false;
    let five = false;
    void storeOf(limiter).yieldLoop().then(() => (zero = true));
    void storeOf(limiter).yieldLoop(5).then(() => (five = true));
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(zero).toBe(true); // unpatched, this waits for a setTimeout that never fires here
    expect(five).toBe(false);
    await vi.advanceTimersByTimeAsync(5);
    expect(five).toBe(true);
    vi.useRealTimers();
    await limiter.disconnect(false);
  });

  it("patches the module both Octokit plugins import", () => {
    const require = createRequire(import.meta.url);
    const ours = require.resolve("bottleneck/light.js");
    for (const plugin of ["@octokit/plugin-throttling", "@octokit/plugin-retry"]) {
      const fromPlugin = createRequire(require.resolve(plugin)).resolve("bottleneck/light.js");
      expect(fromPlugin).toBe(ours);
    }
  });

  it("schedules jobs in order and runs them all", async () => {
    const limiter = new Bottleneck({ maxConcurrent: 2 });
    const done: number[] = [];
    await Promise.all([1, 2, 3, 4, 5].map((n) => limiter.schedule(async () => void done.push(n))));
    expect(done).toEqual([1, 2, 3, 4, 5]);
    await limiter.disconnect(false);
  });
});
