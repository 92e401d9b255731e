"use client";
// Keeps an org's page current without a reload: polls GET /api/orgs/{org}/version (with backoff,
// app/_lib/live-poll.ts) and re-renders the surrounding server page only when the version moved,
// e.g. after a sync, a request arriving by webhook, a revocation batch or a policy run. Shows
// "updated N s ago". `version` is what the server rendered with; without it the first poll sets it.
// Actions on the page call announceChange() so their effect shows at once, not after the backoff.
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { describeFreshness, isFinalStatus, LIVE_POLL, nextPollDelay, type LiveState } from "../_lib/live-poll.ts";

const CHANGED_EVENT = "patwarden:changed";

/** Tells every live poll on the page to look now (after an action that changed something). */
export function announceChange(): void {
  window.dispatchEvent(new Event(CHANGED_EVENT));
}

export function AutoRefresh({ org, version }: { org: string; version?: string }) {
  const router = useRouter();
  const [, startRefresh] = useTransition();
  const known = useRef<string | null>(version ?? null);
  const [state, setState] = useState<LiveState>("live");
  const [checkedAt, setCheckedAt] = useState<number | null>(null);
  const [now, setNow] = useState<number | null>(null);

  // After a re-render the server's version is the baseline (it was read before the page's data).
  useEffect(() => {
    if (version) known.current = version;
  }, [version]);

  useEffect(() => {
    let delay: number = LIVE_POLL.minMs;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight = false;
    let stopped = false;
    const schedule = (ms: number) => {
      clearTimeout(timer);
      if (!stopped) timer = setTimeout(poll, ms);
    };
    async function poll() {
      if (inFlight || stopped) return;
      if (document.hidden) return; // resumed by visibilitychange
      inFlight = true;
      let changed = false;
      let failed = false;
      try {
        const res = await fetch(`/api/orgs/${encodeURIComponent(org)}/version`, { cache: "no-store", headers: { accept: "application/json" } });
        if (isFinalStatus(res.status)) {
          stopped = true;
          setState("stopped");
          return;
        }
        if (!res.ok) throw new Error(`status ${res.status}`);
        const body = (await res.json()) as { version?: unknown };
        const latest = typeof body.version === "string" ? body.version : null;
        if (latest && known.current !== null && latest !== known.current) {
          changed = true;
          startRefresh(() => router.refresh());
        }
        if (latest) known.current = latest;
        setState("live");
        setCheckedAt(Date.now());
      } catch {
        failed = true;
        setState("offline");
      } finally {
        inFlight = false;
      }
      delay = nextPollDelay({ previousMs: delay, changed, failed });
      schedule(delay);
    }
    const lookNow = () => {
      delay = LIVE_POLL.minMs;
      schedule(0);
    };
    const onVisible = () => {
      if (!document.hidden) lookNow();
    };
    const tick = setInterval(() => setNow(Date.now()), 1000);
    setNow(Date.now());
    setCheckedAt(Date.now());
    schedule(version ? delay : 0);
    window.addEventListener(CHANGED_EVENT, lookNow);
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      stopped = true;
      clearTimeout(timer);
      clearInterval(tick);
      window.removeEventListener(CHANGED_EVENT, lookNow);
      document.removeEventListener("visibilitychange", onVisible);
    };
    // `version` only seeds the first poll; later values arrive through the effect above.
  }, [org, router]);

  const seconds = now !== null && checkedAt !== null ? (now - checkedAt) / 1000 : null;
  return (
    <p className="muted small live-status" data-testid="live-status" data-live={state}>
      {describeFreshness({ state, seconds })}
    </p>
  );
}
