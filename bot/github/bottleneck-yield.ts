// @octokit/plugin-throttling and @octokit/plugin-retry schedule every request through Bottleneck
// (three limiters deep). Bottleneck's in-memory datastore mimics an async Redis round trip by
// yielding with setTimeout(resolve, 0) before each of its steps, and Node clamps that timer to
// 1 ms: about ten such yields add ~10 ms to every call (measured against the simulator: 15.4 ms
// a call one after another with both plugins, 1.5 ms without; 5.2 ms with this). A sync that
// walks pages in order pays it on each page. Yielding with setImmediate keeps the step
// asynchronous (I/O still runs in between) without the timer's floor. A wait that asks for time
// (t > 0) keeps its timer. Bottleneck 2.19.5 is its last release; the import of the same
// `bottleneck/light.js` module both plugins use makes this apply to their limiters. Neither
// plugin has an option that reaches these yields, so this stays (docs/benchmarks.md, "Bottleneck's
// yields": 20-24 ms a sequential call without it, 11-12 ms with it on the same loaded machine).
import Bottleneck from "bottleneck/light.js";

type Store = { yieldLoop: (t?: number) => Promise<void>; Promise: PromiseConstructor };
const PATCHED = Symbol.for("patwarden.bottleneck.yieldLoop");

export function patchBottleneckYield(): boolean {
  const probe = new Bottleneck();
  const store = (probe as unknown as { _store?: Store })._store;
  void probe.disconnect(false);
  const proto = store && (Object.getPrototypeOf(store) as Store & { [PATCHED]?: true });
  if (!proto || typeof proto.yieldLoop !== "function") return false; // a Bottleneck this was not written for: leave it be
  if (proto[PATCHED]) return true;
  const original = proto.yieldLoop;
  proto.yieldLoop = function (this: Store, t = 0) {
    if (t > 0) return original.call(this, t);
    return new this.Promise<void>((resolve) => setImmediate(resolve));
  };
  proto[PATCHED] = true;
  return true;
}

export const bottleneckYieldPatched = patchBottleneckYield();
