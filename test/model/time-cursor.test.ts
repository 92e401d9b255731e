// The (time, id) cursor of the requests, revocations, reports, policy-run and sync-run lists:
// round-trips, url-safe, and refuses what it did not make, naming the field.
import { describe, expect, it } from "vitest";
import { decodeTimeCursor, decodeTimeKeyset, encodeTimeCursor } from "../../model/time-cursor.ts";

const c = { list: "reports" as const, at: "2026-03-01T12:34:56.123456Z", id: 42 };
const raw = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString("base64url");

describe("time cursors", () => {
  it("round-trip and are url-safe", () => {
    const text = encodeTimeCursor(c);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeTimeCursor({ text, field: "before", list: "reports" })).toEqual(c);
    expect(decodeTimeKeyset({ before: text, list: "reports" })).toEqual({ before: c });
    expect(decodeTimeKeyset({ after: "", before: null, list: "reports" })).toEqual({});
  });

  it.each([
    ["not base64", "@@@"],
    ["not JSON", Buffer.from("nope").toString("base64url")],
    ["a bad time", raw(["reports", "yesterday", 1])],
    ["a fractional id", raw(["reports", c.at, 1.5])],
    ["a negative id", raw(["reports", c.at, -1])],
    ["too many parts", raw(["reports", c.at, 1, 2])],
    ["an unknown list", raw(["grants", c.at, 1])],
  ])("refuses %s, naming the field", (_, text) => {
    expect(() => decodeTimeCursor({ text, field: "--before", list: "reports" })).toThrow(expect.objectContaining({ kind: "InvalidInput", field: "--before" }));
  });

  it("refuses another list's cursor, and both directions at once", () => {
    const other = encodeTimeCursor({ ...c, list: "revocations" });
    expect(() => decodeTimeCursor({ text: other, field: "after", list: "reports" })).toThrow(/continues the revocations list, not reports/);
    expect(() => decodeTimeKeyset({ after: encodeTimeCursor(c), before: encodeTimeCursor(c), list: "reports" })).toThrow(expect.objectContaining({ field: "after" }));
  });
});
