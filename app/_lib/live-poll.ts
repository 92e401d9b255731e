// The live poll's rhythm and wording, pure so they are tested without a browser
// (app/_components/auto-refresh.tsx uses them). Quick while things change; slower while nothing
// does, so an idle tab costs a request every 20 s at most; slower still while the server is away.
export const LIVE_POLL = { minMs: 1_500, maxMs: 20_000, failedMaxMs: 60_000, factor: 1.5 } as const;

/** The wait before the next poll: back to the minimum after a change, longer after a quiet or failed one. */
export function nextPollDelay({ previousMs, changed, failed }: { previousMs: number; changed: boolean; failed: boolean }): number {
  if (changed) return LIVE_POLL.minMs;
  const grown = Math.round(Math.max(previousMs, LIVE_POLL.minMs) * (failed ? 2 : LIVE_POLL.factor));
  return Math.min(grown, failed ? LIVE_POLL.failedMaxMs : LIVE_POLL.maxMs);
}

export type LiveState = "live" | "offline" | "stopped";

/** "updated 12 s ago": how long ago the page was last known to be current. */
export function describeFreshness({ state, seconds }: { state: LiveState; seconds: number | null }): string {
  const s = seconds === null ? 0 : Math.max(0, Math.floor(seconds));
  const ago = s < 60 ? `${s} s ago` : s < 3600 ? `${Math.floor(s / 60)} min ago` : `${Math.floor(s / 3600)} h ago`;
  const lead = state === "live" ? "Live" : state === "offline" ? "Cannot reach the server, retrying" : "Not updating (reload the page)";
  return `${lead} · updated ${ago}`;
}

/** Statuses after which polling again cannot help: signed out, no access, org gone. */
export function isFinalStatus(status: number): boolean {
  return status === 401 || status === 403 || status === 404;
}
