import "server-only";
// How server actions answer a failure: a sentence for the person, never a thrown error page.
import { z } from "zod";
import { describeError } from "./attempt.ts";

export type Failure = { ok: false; message: string };

/**
 * Our schema messages are sentences (they end with a full stop) and are shown as they are; zod's
 * own (a malformed request, not something a person typed) get one generic sentence. Engine errors
 * read "field: what to do" and are turned into a sentence.
 */
export function toFailure(error: unknown): Failure {
  if (error instanceof z.ZodError) {
    const message = error.issues[0]?.message ?? "";
    return { ok: false, message: message.endsWith(".") ? message : "The form was incomplete; reload the page and try again." };
  }
  return { ok: false, message: asSentence(describeError(error)) };
}

export function asSentence(message: string): string {
  const m = message.replace(/^[a-z_]+: /, "");
  const s = m.charAt(0).toUpperCase() + m.slice(1);
  return /[.!?)]$/.test(s) ? s : `${s}.`;
}
