// Engine verbs for requests: the pending queue, approve/deny (one or in bulk, with the policy's auto-review). Each verb takes one object and returns plain data (the embedded-mode
// bridge carries both as JSON: bot/engine-wire.ts); faces reach them through createEngine (bot/engine.ts).
import type { EngineContext } from "../engine-context.ts";

export function createRequestVerbs(ctx: EngineContext) {
  void ctx;
  return {};
}
