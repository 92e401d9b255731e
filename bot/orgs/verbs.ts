// Engine verbs for orgs: list, find or resolve by login, connection status, pause/resume, disconnect, sync now. Each verb takes one object and returns plain data (the embedded-mode
// bridge carries both as JSON: bot/engine-wire.ts); faces reach them through createEngine (bot/engine.ts).
import type { EngineContext } from "../engine-context.ts";

export function createOrgVerbs(ctx: EngineContext) {
  void ctx;
  return {};
}
