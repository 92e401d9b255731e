import { describe, expect, it } from "vitest";
import { shortPermissions } from "../../bot/cli/format.ts";

describe("permissions in a table cell", () => {
  it("leaves out metadata:read beside other permissions, abbreviating past the limit", () => {
    expect(shortPermissions(["contents:write", "metadata:read", "issues:read"])).toBe("contents:write, issues:read");
    expect(shortPermissions(["a:read", "b:read", "c:read", "d:read", "metadata:read"])).toBe("a:read, b:read, c:read +1");
  });

  it("shows metadata:read when it is the only permission, never an empty cell", () => {
    expect(shortPermissions(["metadata:read"])).toBe("metadata:read");
    expect(shortPermissions([])).toBe("");
  });
});
