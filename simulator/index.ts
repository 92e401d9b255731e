// The GitHub simulator: a local stand-in for GitHub's REST API (App auth, the eight PAT
// endpoints, members, repository contents and issues), webhooks, the OAuth and App-manifest
// flows, faithful to @octokit/openapi. Used by the demo and by every test; see README.md.
import type { AddressInfo } from "node:net";
import { createControl, type SimControl } from "./control.ts";
import { createSimServer } from "./server.ts";
import { createState } from "./state.ts";
import type { SimOrgSpec, SimulatorOptions } from "./types.ts";

export type { SimOrgSpec, SimulatorOptions, SimControl };
export type { GroundTruth, GroundGrant, GroundRequest, GrantPatch, RequestPatch, RateLimitPatch, RateLimitStatus, ClockPatch, FileTruth, PutFileResult } from "./control.ts";
export { SimControlError } from "./control-input.ts";
export type { FaultSpec, RequestLogEntry, WebhookLogEntry, Behaviour } from "./types.ts";
export { signPayload } from "./webhooks.ts";

export type Simulator = {
  /** "http://127.0.0.1:PORT" (web root; GHE_HOST = host, GHE_PROTOCOL = http). */
  url: string;
  /** url + "/api/v3" (root paths are served too). */
  apiUrl: string;
  /** "127.0.0.1:PORT" */
  host: string;
  app: { id: number; slug: string; privateKey: string; webhookSecret: string; clientId: string; clientSecret: string };
  control: SimControl;
  close(): Promise<void>;
};

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const state = createState(opts);
  const control = createControl(state);
  const sim = createSimServer({ state, control });
  await new Promise<void>((resolve, reject) => {
    sim.server.once("error", reject);
    sim.server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = sim.server.address() as AddressInfo;
  const host = `127.0.0.1:${port}`;
  state.urls = { url: `http://${host}`, apiUrl: `http://${host}/api/v3`, host };
  const { id, slug, privateKey, webhookSecret, clientId, clientSecret } = state.app;
  return {
    ...state.urls,
    app: { id, slug, privateKey, webhookSecret, clientId, clientSecret },
    control,
    close: () => sim.close(),
  };
}
