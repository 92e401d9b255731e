// POST /api/github/webhooks: signature first (Probot's @octokit/webhooks verifier), then Probot
// routes the event. Nothing is stored for a request that fails the signature check.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Probot } from "probot";
import { isDatabaseUnavailable } from "../ops/database.ts";
import { BodyTooLarge, WEBHOOK_BODY_LIMIT, readBody, sendJson, sendText } from "./body.ts";
import type { Logger } from "./log.ts";

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

export async function handleWebhookRequest({ req, res, probot, log: requestLog, limit = WEBHOOK_BODY_LIMIT }: {
  req: IncomingMessage; res: ServerResponse; probot: Probot | undefined; log: Logger; limit?: number;
}): Promise<void> {
  const id = header(req, "x-github-delivery");
  const name = header(req, "x-github-event");
  // Every line about this request names the delivery, so GitHub's delivery log and ours join up.
  const log = requestLog.child({ deliveryId: id });
  const signature = header(req, "x-hub-signature-256");
  const missing = [!id && "x-github-delivery", !name && "x-github-event", !signature && "x-hub-signature-256"].filter(Boolean);
  if (missing.length) return refuse({ req, res, status: 400, error: `required headers missing: ${missing.join(", ")}` });
  if (!probot) return refuse({ req, res, status: 503, error: "the GitHub App is not configured (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET)" });

  let body: string;
  try {
    body = (await readBody({ req, limit })).toString("utf8");
  } catch (err) {
    if (err instanceof BodyTooLarge) return refuse({ req, res, status: 413, error: err.message });
    throw err;
  }
  if (!(await probot.webhooks.verify(body, signature!).catch(() => false))) {
    log.warn({ deliveryId: id, event: name }, "webhook signature does not match; refused");
    return sendJson(res, 401, { error: "signature does not match event payload and secret" });
  }
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    return sendJson(res, 400, { error: "body is not valid JSON" });
  }
  try {
    // The payload type is per event; Probot validates nothing further, our handlers read what they use.
    await probot.receive({ id: id!, name: name as never, payload: payload as never });
  } catch (err) {
    log.error({ deliveryId: id, event: name, err: describe(err) }, "webhook handler failed");
    // 503 while the database is away: the delivery was not lost, it can be redelivered once it is back.
    if (isDatabaseUnavailable(err)) return sendJson(res, 503, { error: "database unavailable; redeliver shortly" });
    return sendJson(res, 500, { error: "handler failed; GitHub may redeliver" });
  }
  sendText(res, 200, "ok\n");
}

/** Answers without reading the rest of a refused body, then drops the connection. */
function refuse({ req, res, status, error }: { req: IncomingMessage; res: ServerResponse; status: number; error: string }): void {
  res.setHeader("connection", "close");
  sendJson(res, status, { error });
  res.on("finish", () => req.destroy());
}

function describe(err: unknown): string {
  const inner = err instanceof AggregateError && err.errors.length ? err.errors[0] : err;
  return inner instanceof Error ? inner.message : String(inner);
}
