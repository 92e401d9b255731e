// Engine verbs for sync: register installations, sync one org or all, webhook-driven updates. Each verb takes one object and returns plain data (the embedded-mode
// bridge carries both as JSON: bot/engine-wire.ts); faces reach them through createEngine (bot/engine.ts).
import type { EngineContext } from "../engine-context.ts";

export function createSyncVerbs(ctx: EngineContext) {
  void ctx;
  return {};
}
