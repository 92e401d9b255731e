// Engine verbs for revocations: preview, create and run a job, resume, list and show jobs, revoke one grant. Each verb takes one object and returns plain data (the embedded-mode
// bridge carries both as JSON: bot/engine-wire.ts); faces reach them through createEngine (bot/engine.ts).
import type { EngineContext } from "../engine-context.ts";

export function createRevocationVerbs(ctx: EngineContext) {
  void ctx;
  return {};
}
