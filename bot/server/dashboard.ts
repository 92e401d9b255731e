// The dashboard seam: app/server-handler.ts (Next.js) is loaded only if present, so `start` works
// without it; until it is ready (a first production build takes a while) pages say so.
import { existsSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Engine } from "../engine.ts";
import type { Env } from "../env.ts";
import { sendText } from "./body.ts";

export const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

type LoadedDashboard = { handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>; close: () => Promise<void> };
type DashboardModule = {
  createDashboardHandler?: (opts: {
    dev?: boolean; dir?: string; log?: (line: string) => void;
    runtime?: { engine: Engine; env: Env };
  }) => Promise<LoadedDashboard>;
};

export type DeferredDashboard = {
  /** Give this to createServer: answers 503 until the dashboard is ready (or explains why it is not). */
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** Loads (and if needed builds) the dashboard; resolves false when there is none or it failed. */
  load: () => Promise<boolean>;
  close: () => Promise<void>;
};

export function createDeferredDashboard({ engine, env, dev = false, log, dir = PROJECT_DIR }: {
  engine: Engine; env: Env; dev?: boolean; log: (line: string) => void; dir?: string;
}): DeferredDashboard {
  let loaded: LoadedDashboard | undefined;
  let state: "loading" | "ready" | "absent" | "failed" = "loading";
  let failure = "";
  return {
    async handle(req, res) {
      if (loaded) return loaded.handle(req, res);
      const message = state === "loading"
        ? "The dashboard is starting (a first start builds it, which takes a minute or two). Refresh in a moment.\n"
        : state === "failed" ? `The dashboard could not start: ${failure}\n`
        : "This installation has no dashboard. Webhooks, /api/health and /metrics are served.\n";
      res.setHeader("retry-after", "10");
      sendText(res, state === "absent" ? 404 : 503, message);
    },
    async load() {
      const file = path.join(dir, "app", "server-handler.ts");
      if (!existsSync(file)) {
        state = "absent";
        return false;
      }
      try {
        const mod = (await import(pathToFileURL(file).href)) as DashboardModule;
        if (typeof mod.createDashboardHandler !== "function") {
          state = "absent";
          return false;
        }
        loaded = await mod.createDashboardHandler({ dev, dir, log, runtime: { engine, env } });
        state = "ready";
        return true;
      } catch (err) {
        state = "failed";
        failure = err instanceof Error ? err.message : String(err);
        log(`The dashboard could not start: ${failure}`);
        return false;
      }
    },
    async close() {
      await loaded?.close().catch(() => {});
    },
  };
}
