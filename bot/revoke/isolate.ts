// Applies one GitHub action to a batch of ids and gives every id an outcome, whichever way GitHub
// treats a bad id (docs/github-api.md §10: refuse the whole call, or apply the rest):
//  - accepted → done;
//  - refused → ask GitHub which ids it still lists; the others are gone, the rest is sent again;
//    when every id is still listed, the batch is split in halves until the refused id stands alone;
//  - unavailable after the client's retries → the same look-up (which stops the job when GitHub
//    cannot even answer it), then halves, so one id GitHub keeps choking on fails alone.
// Every path shrinks the batch, so it ends; the calls stay serial.
import type { CallOutcome } from "./github-calls.ts";

export type IdOutcome = "done" | "gone" | "failed";

export type IsolateOptions = {
  ids: number[];
  send: (ids: number[]) => Promise<CallOutcome>;
  /** Ids GitHub still lists; null when it cannot tell (then refused batches are split down to one id). */
  findStillListed: (ids: number[]) => Promise<Set<number> | null>;
  /** Decides one id GitHub refused in a batch (e.g. with the per-id endpoint); without it a lone refused id fails. */
  decideOne?: (id: number) => Promise<{ outcome: IdOutcome; error?: string }>;
  settle: (ids: number[], outcome: IdOutcome, error?: string) => Promise<void>;
  /** Called before a batch that failed is retried in smaller parts. */
  noteRetry?: (ids: number[], error: string) => Promise<void>;
};

export async function applyIsolating(opts: IsolateOptions): Promise<void> {
  const { send, findStillListed, decideOne, settle, noteRetry } = opts;

  const decideAlone = async (id: number, refusal: string, listed: boolean) => {
    if (decideOne) {
      const d = await decideOne(id);
      return settle([id], d.outcome, d.error);
    }
    // Split down to one id and still refused: if nothing says it is listed, it is the unknown one.
    return listed ? settle([id], "failed", refusal) : settle([id], "gone");
  };

  const split = async (ids: number[]) => {
    const half = Math.ceil(ids.length / 2);
    await attempt(ids.slice(0, half));
    await attempt(ids.slice(half));
  };

  async function attempt(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    const result = await send(ids);
    if (result.ok) return settle(ids, "done");
    // Reading first also tells a GitHub that is down (this throws, and the job stops for a resume)
    // from one that refuses or chokes on these ids; and a call that landed before its answer was
    // lost shows its ids gone.
    const listed = await findStillListed(ids);
    const refused = result.kind === "refused";
    if (listed === null) {
      if (ids.length === 1) return refused ? decideAlone(ids[0]!, result.error, false) : settle(ids, "failed", result.error);
      await noteRetry?.(ids, result.error);
      return split(ids);
    }
    const gone = ids.filter((id) => !listed.has(id));
    const rest = ids.filter((id) => listed.has(id));
    await settle(gone, "gone");
    if (rest.length === 0) return;
    if (gone.length > 0) return attempt(rest);
    if (rest.length === 1) return refused ? decideAlone(rest[0]!, result.error, true) : settle(rest, "failed", result.error);
    await noteRetry?.(rest, result.error);
    return split(rest);
  }

  await attempt(opts.ids);
}
