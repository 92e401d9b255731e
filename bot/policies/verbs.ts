// Engine verbs for policies: the rules in force, check a file, reload, preview (dry run) and run, runs and their items. Each verb takes one object and returns plain data (the embedded-mode
// bridge carries both as JSON: bot/engine-wire.ts); faces reach them through createEngine (bot/engine.ts).
import type { EngineContext } from "../engine-context.ts";

export function createPolicyVerbs(ctx: EngineContext) {
  void ctx;
  return {};
}
