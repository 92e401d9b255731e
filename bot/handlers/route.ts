// Registers one handler per "event.action", unpacking Probot's context into the one object a
// handler reads, and claiming each delivery once: a redelivery is acknowledged and skipped.
import type { EmitterWebhookEvent, EmitterWebhookEventName } from "@octokit/webhooks";
import type { Probot, ProbotOctokit } from "probot";
import type { Logger } from "pino";
import type { Engine } from "../engine.ts";
import type { BackgroundJobs } from "../schedule/background.ts";

export type HandlerArgs<E extends EmitterWebhookEventName> = {
  engine: Engine;
  octokit: ProbotOctokit;
  payload: EmitterWebhookEvent<E>["payload"];
  log: Logger;
  jobs: BackgroundJobs;
  deliveryId: string;
};

/** "ignored" records that the delivery needed nothing (e.g. an org patwarden does not know). */
export type Handler<E extends EmitterWebhookEventName> = (args: HandlerArgs<E>) => Promise<"processed" | "ignored">;

export type AppDeps = { engine: Engine; jobs: BackgroundJobs };

export function route<E extends EmitterWebhookEventName>(
  { app, deps }: { app: Probot; deps: AppDeps },
  events: E[],
  handler: NoInfer<Handler<E>>,
): void {
  const { engine, jobs } = deps;
  app.on(events, async (context) => {
    const payload = context.payload as { action?: string; installation?: { id?: number } };
    const claimed = await engine.ops.claimDelivery({
      deliveryId: context.id,
      event: context.name,
      action: payload.action,
      installationId: payload.installation?.id,
    });
    const log = context.log.child({ deliveryId: context.id, event: `${context.name}.${payload.action ?? ""}` });
    if (!claimed) {
      log.info("redelivery of a delivery already handled; skipped");
      return;
    }
    try {
      const outcome = await handler({ engine, octokit: context.octokit, payload: context.payload, log, jobs, deliveryId: context.id });
      await engine.ops.finishDelivery({ deliveryId: context.id, outcome });
    } catch (err) {
      await engine.ops.finishDelivery({ deliveryId: context.id, outcome: "failed", error: err instanceof Error ? err.message : String(err) });
      throw err;
    }
  });
}
