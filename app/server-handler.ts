// The dashboard as a request handler for the one patwarden HTTP server (bot/server.ts): Next's
// programmatic API, plus the session-refresh step that must run before Next sees the request.
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { getDashboardRuntime, setDashboardRuntime, type SetDashboardRuntimeOptions } from "./_data/runtime.ts";
import { ensureDashboardBuild, type BuildLog } from "./_server/ensure-build.ts";
import { refreshSessionCookie } from "./_server/refresh-session.ts";
import { REQUEST_PATH_HEADER } from "./_lib/request-path.ts";

export { setDashboardRuntime } from "./_data/runtime.ts";
export type { SetDashboardRuntimeOptions } from "./_data/runtime.ts";

export const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export type DashboardHandler = {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  close(): Promise<void>;
};

export type CreateDashboardHandlerOptions = {
  /** Next's dev mode (compiles on demand, hot reload); production serves the .next build. */
  dev?: boolean;
  /** The project root (where next.config.ts is). */
  dir?: string;
  /** The engine and env of this process; or call setDashboardRuntime yourself first. */
  runtime?: SetDashboardRuntimeOptions;
  /** "auto": build when missing or older than the sources; "never": fail if there is no build. */
  build?: "auto" | "never";
  log?: BuildLog;
};

export async function createDashboardHandler({
  dev = false, dir = PROJECT_DIR, runtime, build = "auto", log = (line) => console.log(line),
}: CreateDashboardHandlerOptions = {}): Promise<DashboardHandler> {
  if (runtime) setDashboardRuntime(runtime);
  if (!dev && build === "auto") await ensureDashboardBuild({ dir, log });
  const app = next({ dev, dir, quiet: !dev });
  await app.prepare();
  const nextHandle = app.getRequestHandler();
  return {
    async handle(req, res) {
      // Without a runtime the pages render their own "start it with patwarden start" sentence.
      const rt = safeRuntime();
      if (rt) await refreshSessionCookie({ req, res, runtime: rt });
      // The org layout's sign-in redirect returns here afterwards; set by us, never taken from the client.
      req.headers[REQUEST_PATH_HEADER] = req.url ?? "/";
      await nextHandle(req, res);
    },
    close: () => app.close(),
  };
}

function safeRuntime() {
  try {
    return getDashboardRuntime();
  } catch {
    return null;
  }
}
