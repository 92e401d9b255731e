// Pure pieces of the action pages: failure sentences, audit detail summaries, job states and
// outcome filters, the reason rule the browser shows before the server checks it again.
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";

vi.mock("server-only", () => ({}));

import { asSentence, toFailure } from "../../app/_data/action-failure.ts";
import { summarizeDetails } from "../../app/_data/audit.ts";
import { isJobFinished, parseItemStatuses } from "../../app/_data/revocation-jobs.ts";
import { toRevocationTarget } from "../../app/_data/revocations.ts";
import { reasonProblem } from "../../app/_lib/reason.ts";
import { Conflict, InvalidInput } from "../../model/errors.ts";

describe("failures as sentences", () => {
  it("keeps our schema sentences, hides zod's own wording, and turns engine errors into sentences", () => {
    const ours = z.object({ reason: z.string().min(1, "Give a reason.") }).safeParse({ reason: "" });
    const theirs = z.object({ ids: z.array(z.number()) }).safeParse({ ids: ["1"] });
    expect(toFailure(ours.error)).toEqual({ ok: false, message: "Give a reason." });
    expect(toFailure(theirs.error)).toEqual({ ok: false, message: "The form was incomplete; reload the page and try again." });
    expect(toFailure(new InvalidInput("confirmation", 'type the organization\'s name "acme" to revoke 51 grants'))).toEqual({
      ok: false, message: 'Type the organization\'s name "acme" to revoke 51 grants.',
    });
    expect(toFailure(new Conflict("a sync is running; try again when it has finished."))).toEqual({ ok: false, message: "A sync is running; try again when it has finished." });
    expect(asSentence("ids: 5 is not a grant of acme (unknown ids)")).toBe("5 is not a grant of acme (unknown ids)");
  });
});

describe("audit details", () => {
  it("shows the known scalar fields in a fixed order and skips objects", () => {
    expect(summarizeDetails({ selection: { kind: "ids" }, jobId: 4, outcome: "revoked", owner: "alice", extra: "x" })).toBe("outcome: revoked · owner: alice · jobId: 4");
    expect(summarizeDetails({})).toBe("");
  });
});

describe("revocation jobs", () => {
  it("only succeeded, failed and dry runs are final", () => {
    expect((["queued", "running", "succeeded", "failed", "dry_run"] as const).map((status) => isJobFinished({ status }))).toEqual([false, false, true, true, true]);
  });

  it("reads outcome filters from the URL, ignoring unknown ones", () => {
    expect(parseItemStatuses(["failed,revoked", "bogus"])).toEqual(["revoked", "failed"]);
    expect(parseItemStatuses([])).toEqual([]);
  });

  it("a filter target is the grants table's query, always active grants, never a removed view", () => {
    expect(toRevocationTarget({ kind: "filter", query: "owner=Alice&stale-days=90&page=4&sort=name" })).toEqual({ filter: { owner: ["alice"], staleDays: 90, state: "active" } });
    expect(toRevocationTarget({ kind: "ids", ids: [3, 4] })).toEqual({ ids: [3, 4] });
    expect(() => toRevocationTarget({ kind: "filter", query: "state=removed" })).toThrow("only active grants can be revoked");
    expect(() => toRevocationTarget({ kind: "filter", query: "stale-days=soon" })).toThrow(/stale-days/);
  });
});

describe("the reason rule in the browser", () => {
  it("counts characters, not UTF-16 units, and says by how much a reason is too long", () => {
    expect(reasonProblem({ value: "😀".repeat(1024), required: true })).toBeNull();
    expect(reasonProblem({ value: "x".repeat(1030), required: true })).toBe("The reason is 1,030 characters long; at most 1,024 are allowed. Shorten it by 6.");
    expect(reasonProblem({ value: "  ", required: true })).toBe("A reason is required.");
    expect(reasonProblem({ value: "", required: false })).toBeNull();
  });
});
