import { describe, expect, it } from "vitest";
import { pageCount, sortHref, toSearchParams, withParams } from "../../app/_lib/grant-url.ts";

describe("grants table URLs", () => {
  it("turns Next's searchParams into URLSearchParams without blanks", () => {
    const p = toSearchParams({ owner: ["alice", "bob"], search: "", "stale-days": "90", repository: undefined, expired: " " });
    expect(p.toString()).toBe("owner=alice&owner=bob&stale-days=90");
  });

  it("changing a filter or the sort returns to page 1; paging keeps everything else", () => {
    const current = new URLSearchParams("owner=alice&sort=owner&page=3");
    expect(withParams(current, { page: "4" })).toBe("?owner=alice&sort=owner&page=4");
    expect(withParams(current, { owner: "bob" })).toBe("?sort=owner&owner=bob");
    expect(withParams(new URLSearchParams(), { sort: null })).toBe("?");
  });

  it("a header sorts by its column in its natural direction, and flips on a second click", () => {
    const current = new URLSearchParams("permission=contents:write&page=2");
    expect(sortHref({ current, column: "owner", sort: "granted", direction: "desc" })).toBe("?permission=contents%3Awrite&sort=owner&direction=asc");
    expect(sortHref({ current, column: "last-used", sort: "granted", direction: "desc" })).toContain("direction=desc");
    expect(sortHref({ current, column: "owner", sort: "owner", direction: "asc" })).toContain("direction=desc");
  });

  it("counts pages, at least one", () => {
    expect(pageCount({ total: 0, perPage: 50 })).toBe(1);
    expect(pageCount({ total: 101, perPage: 50 })).toBe(3);
  });
});
