// The GitHub simulator: a local stand-in for GitHub's REST API (App auth, the eight PAT
// endpoints, members, repository contents and issues), webhooks, the OAuth and App-manifest
// flows, faithful to @octokit/openapi. Used by the demo and by every test; see README.md.
import type { AddressInfo } from "node:net";
import { createControl, type SimControl } from "./control.ts";
import { createSimServer } from "./server.ts";
import { createState } from "./state.ts";
import type { SimOrgSpec, SimulatorOptions } from "./types.ts";
import { createWorldSaver, openWorld, originOf, type WorldReport, type WorldSaver } from "./world-file.ts";

export type { SimOrgSpec, SimulatorOptions, SimControl };
export type { GroundTruth, GroundGrant, GroundRequest, CredentialPatch, GrantPatch, RequestPatch, RateLimitPatch, RateLimitStatus, ClockPatch, FileTruth, PutFileResult } from "./control.ts";
export { SimControlError } from "./control-input.ts";
export type { FaultSpec, RequestLogEntry, WebhookLogEntry, Behaviour } from "./types.ts";
export { signPayload } from "./webhooks.ts";
export type { CredentialAuthorization } from "./render-credential.ts";
export type { WorldReport };

export type Simulator = {
  /** "http://127.0.0.1:PORT" (web root; GHE_HOST = host, GHE_PROTOCOL = http). */
  url: string;
  /** url + "/api/v3" (root paths are served too). */
  apiUrl: string;
  /** "127.0.0.1:PORT" */
  host: string;
  app: { id: number; slug: string; privateKey: string; webhookSecret: string; clientId: string; clientSecret: string };
  control: SimControl;
  /** With the `world` option: where the world is kept, whether it was restored, and why not. */
  world?: WorldReport;
  close(): Promise<void>;
};

export async function startSimulator(opts: SimulatorOptions & { world?: { file: string; reset?: boolean } } = {}): Promise<Simulator> {
  const opened = opts.world ? openWorld({ file: opts.world.file, options: opts, reset: opts.world.reset }) : undefined;
  const state = opened?.state ?? createState(opts);
  const saver = opened ? createWorldSaver({ file: opened.report.file, state, origin: originOf(opts) }) : undefined;
  const control = saver ? savingAfterEachCall(createControl(state), saver) : createControl(state);
  const sim = createSimServer({ state, control, onChange: saver?.markDirty });
  await new Promise<void>((resolve, reject) => {
    sim.server.once("error", reject);
    sim.server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  }).catch((err: unknown) => {
    saver?.cancel();
    throw err;
  });
  if (saver && !opened!.report.restored) {
    // A fresh world replaces a missing, broken or foreign file at once.
    saver.markDirty();
    saver.flush();
  }
  const { port } = sim.server.address() as AddressInfo;
  const host = `127.0.0.1:${port}`;
  state.urls = { url: `http://${host}`, apiUrl: `http://${host}/api/v3`, host };
  const { id, slug, privateKey, webhookSecret, clientId, clientSecret } = state.app;
  return {
    ...state.urls,
    app: { id, slug, privateKey, webhookSecret, clientId, clientSecret },
    control,
    ...(opened ? { world: opened.report } : {}),
    close: async () => {
      await sim.close();
      saver?.flush();
    },
  };
}

/** Control calls change the world "as if done in GitHub's UI": each one schedules a save. */
function savingAfterEachCall(control: SimControl, saver: WorldSaver): SimControl {
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(control)) {
    wrapped[name] = typeof value !== "function" ? value : (...args: unknown[]) => {
      const result: unknown = (value as (...a: unknown[]) => unknown)(...args);
      saver.markDirty();
      if (result instanceof Promise) void result.finally(() => saver.markDirty()).catch(() => {});
      return result;
    };
  }
  return wrapped as SimControl;
}
