// Responses shared by the dashboard's download routes (audit CSV, reports): an attachment that is
// never cached, a plain-text refusal, and the engine's error vocabulary mapped to its HTTP status.
import { HTTP_STATUS, type PatwardenError } from "../../model/errors.ts";
import { describeError } from "../_data/attempt.ts";

export function attachmentResponse({ filename, contentType, body }: { filename: string; contentType: string; body: BodyInit }): Response {
  return new Response(body, {
    headers: {
      "content-type": contentType,
      "content-disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
      "cache-control": "no-store",
    },
  });
}

export function textResponse(status: number, message: string): Response {
  return new Response(`${message}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}

export function errorResponse(error: unknown): Response {
  const kind = (error as { kind?: PatwardenError["kind"] }).kind;
  return textResponse(kind ? HTTP_STATUS[kind] ?? 500 : 500, describeError(error));
}
