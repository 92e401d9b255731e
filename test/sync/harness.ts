// Shared setup for sync tests: a simulator, a fresh database, the App client pointed at the
// simulator (short timeouts and backoff so fault tests stay quick), and installations registered.
import type { DbHandle } from "../../db/client.ts";
import { findOrgByLogin } from "../../db/queries/orgs.ts";
import { createGitHubApp, type GitHubApp, type GitHubAppOptions } from "../../bot/github/client.ts";
import { startSimulator, type Simulator, type SimulatorOptions } from "../../simulator/index.ts";
import { registerInstallations } from "../../bot/sync/index.ts";
import { createTestDb } from "../helpers/db.ts";
import { startWebhookReceiver } from "../helpers/sim.ts";

export type Harness = {
  sim: Simulator;
  h: DbHandle;
  app: GitHubApp;
  /** The org as registered (id, login) and an installation client for it. */
  orgRef: (login: string) => Promise<{ id: number; login: string; installationId: number }>;
  close: () => Promise<void>;
};

export const quietLog = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export async function startHarness(opts: {
  sim?: SimulatorOptions;
  client?: Partial<Omit<GitHubAppOptions, "appId" | "privateKey" | "baseUrl">>;
} = {}): Promise<Harness> {
  const sim = await startSimulator({ orgs: [{ login: "acme", grants: 120, requests: 5 }], ...opts.sim });
  const h = await createTestDb();
  const app = createGitHubApp({
    appId: sim.app.id,
    privateKey: sim.app.privateKey,
    baseUrl: sim.apiUrl,
    requestTimeoutMs: 5_000,
    retryBaseMs: 20,
    maxRateLimitWaitMs: 5_000,
    log: quietLog,
    ...opts.client,
  });
  await registerInstallations({ db: h.db, appOctokit: app.appOctokit });
  return {
    sim,
    h,
    app,
    async orgRef(login) {
      const org = await findOrgByLogin({ db: h.db, login });
      if (!org?.installationId) throw new Error(`org ${login} not registered`);
      return { id: org.id, login: org.login, installationId: org.installationId };
    },
    async close() {
      await h.close();
      await sim.close();
    },
  };
}

/** Points the simulator's webhooks at a local recorder (for payloads to feed the webhook helpers). */
export async function startWebhookReceiverFor(hs: Harness) {
  const receiver = await startWebhookReceiver();
  hs.sim.control.setWebhookUrl(receiver.url);
  return {
    received: receiver.received,
    close: async () => {
      hs.sim.control.setWebhookUrl(null);
      await receiver.close();
    },
  };
}
