// The live poll's rhythm (quick after a change, backing off while quiet, slower while failing, never
// past its caps) and its "updated N s ago" line.
import { describe, expect, it } from "vitest";
import { describeFreshness, isFinalStatus, LIVE_POLL, nextPollDelay } from "../../app/_lib/live-poll.ts";

describe("nextPollDelay", () => {
  it("returns to the minimum after a change", () => {
    expect(nextPollDelay({ previousMs: 20_000, changed: true, failed: false })).toBe(LIVE_POLL.minMs);
  });

  it("backs off while nothing changes, up to the cap", () => {
    const delays: number[] = [];
    let d: number = LIVE_POLL.minMs;
    for (let i = 0; i < 12; i++) delays.push((d = nextPollDelay({ previousMs: d, changed: false, failed: false })));
    expect(delays[0]).toBe(2_250);
    expect(delays.every((x, i) => i === 0 || x >= delays[i - 1]!)).toBe(true);
    expect(delays.at(-1)).toBe(LIVE_POLL.maxMs);
  });

  it("backs off faster and further while the server cannot be reached", () => {
    expect(nextPollDelay({ previousMs: 4_000, changed: false, failed: true })).toBe(8_000);
    expect(nextPollDelay({ previousMs: 50_000, changed: false, failed: true })).toBe(LIVE_POLL.failedMaxMs);
  });
});

describe("describeFreshness", () => {
  it("says how long ago the page was current, in seconds, minutes or hours", () => {
    expect(describeFreshness({ state: "live", seconds: null })).toBe("Live · updated 0 s ago");
    expect(describeFreshness({ state: "live", seconds: 12.7 })).toBe("Live · updated 12 s ago");
    expect(describeFreshness({ state: "offline", seconds: 125 })).toBe("Cannot reach the server, retrying · updated 2 min ago");
    expect(describeFreshness({ state: "stopped", seconds: 7200 })).toBe("Not updating (reload the page) · updated 2 h ago");
  });
});

it("stops polling only for signed out, forbidden and not found", () => {
  expect([401, 403, 404, 500, 503, 200].map(isFinalStatus)).toEqual([true, true, true, false, false, false]);
});
