// Engine verbs for jobs: the scheduler's state per org and job, recorded runs, the tick's due list. Each verb takes one object and returns plain data (the embedded-mode
// bridge carries both as JSON: bot/engine-wire.ts); faces reach them through createEngine (bot/engine.ts).
import type { EngineContext } from "../engine-context.ts";

export function createJobVerbs(ctx: EngineContext) {
  void ctx;
  return {};
}
