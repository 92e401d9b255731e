// An offboarding's status is read from its parts' job statuses, never from their item counts alone.
import { expect, it } from "vitest";
import { statusOf } from "../../bot/offboard/view.ts";

const parts = (...statuses: ("queued" | "running" | "succeeded" | "failed" | "dry_run")[]) => statuses.map((status) => ({ status }));

it("every part succeeded: succeeded", () => {
  expect(statusOf(parts("succeeded", "succeeded"))).toBe("succeeded");
});

it("a part whose job still says running is running, even when each of its items is settled", () => {
  expect(statusOf(parts("succeeded", "running"))).toBe("running");
});

it("no part started: queued; one started: running", () => {
  expect(statusOf(parts("queued", "queued"))).toBe("queued");
  expect(statusOf(parts("succeeded", "queued"))).toBe("running");
});

it("every part finished and one failed: failed", () => {
  expect(statusOf(parts("succeeded", "failed"))).toBe("failed");
  expect(statusOf(parts("failed"))).toBe("failed");
});
