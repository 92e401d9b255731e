// The call style's pure pieces: bracket arrays, relative URLs, Link parsing, error mapping.
import { describe, expect, it } from "vitest";
import { nextPageUrl, parseNextLink, perPageOf, toApiPath, withQuery } from "../../bot/github/calls.ts";
import { isRateLimitError, toPatwardenError } from "../../bot/github/errors.ts";
import { Forbidden, GitHubUnavailable, InvalidInput, NotFound, RateLimited } from "../../model/errors.ts";

describe("withQuery", () => {
  it("writes arrays as repeated key[]= (§1.12), scalars once, skips undefined", () => {
    expect(withQuery("/orgs/acme/personal-access-tokens", { per_page: 100, owner: ["a", "b-c"], token_id: [1, 2], last_used_after: undefined }))
      .toBe("/orgs/acme/personal-access-tokens?per_page=100&owner[]=a&owner[]=b-c&token_id[]=1&token_id[]=2");
    expect(withQuery("/x?a=1", { b: "2 3" })).toBe("/x?a=1&b=2%203");
    expect(withQuery("/x", {})).toBe("/x");
  });
});

describe("URLs", () => {
  it("makes absolute and GHES URLs relative to the API root", () => {
    expect(toApiPath("http://127.0.0.1:3001/api/v3/orgs/acme/members?page=2")).toBe("/orgs/acme/members?page=2");
    expect(toApiPath("https://api.github.com/orgs/acme/members?page=2")).toBe("/orgs/acme/members?page=2");
    expect(toApiPath("/orgs/acme/members")).toBe("/orgs/acme/members");
  });

  it("follows rel=next from GitHub's Link format, and only that", () => {
    const link = '<https://api.github.com/orgs/a/members?page=1>; rel="prev", <https://api.github.com/orgs/a/members?page=3>; rel="next", <https://api.github.com/orgs/a/members?page=9>; rel="last"';
    expect(parseNextLink(link)).toBe("/orgs/a/members?page=3");
    expect(parseNextLink('<https://api.github.com/x?page=1>; rel="first"')).toBeNull();
    expect(parseNextLink(undefined)).toBeNull();
  });

  it("builds the page after a URL, keeping bracket arrays readable", () => {
    expect(nextPageUrl("/orgs/a/personal-access-tokens?per_page=100&owner[]=x")).toBe("/orgs/a/personal-access-tokens?per_page=100&owner[]=x&page=2");
    expect(nextPageUrl("/orgs/a/members?per_page=100&page=7")).toBe("/orgs/a/members?per_page=100&page=8");
    expect(perPageOf("/orgs/a/members?per_page=100")).toBe(100);
    expect(perPageOf("/orgs/a/members")).toBe(30);
  });
});

describe("toPatwardenError", () => {
  const http = (status: number, headers: Record<string, string> = {}, message = "boom") => ({ status, message, response: { headers, data: { message } } });

  it("maps a used-up primary limit to RateLimited with the reset time", () => {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    const e = toPatwardenError({ error: http(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) }, "API rate limit exceeded"), what: "GET /x" });
    expect(e).toBeInstanceOf(RateLimited);
    expect((e as RateLimited).resetAt?.getTime()).toBe(reset * 1000);
    expect(e.message).toContain(new Date(reset * 1000).toISOString());
  });

  it("maps secondary limits (403/429 with retry-after or the message) to RateLimited", () => {
    expect(isRateLimitError(http(429, { "retry-after": "30" }))).toBe(true);
    expect(isRateLimitError(http(403, {}, "You have exceeded a secondary rate limit"))).toBe(true);
    expect(toPatwardenError({ error: http(429, { "retry-after": "30" }), what: "GET /x" })).toBeInstanceOf(RateLimited);
  });

  it("maps permissions, absence, validation, outages and network failures", () => {
    const forbidden = toPatwardenError({ error: http(403, { "x-accepted-github-permissions": "members=read" }, "Resource not accessible by integration"), what: "GET /orgs/a/members" });
    expect(forbidden).toBeInstanceOf(Forbidden);
    expect(forbidden.message).toContain("members=read");
    expect(toPatwardenError({ error: http(401), what: "x" })).toBeInstanceOf(Forbidden);
    expect(toPatwardenError({ error: http(404), what: "x" })).toBeInstanceOf(NotFound);
    expect(toPatwardenError({ error: http(422), what: "x" })).toBeInstanceOf(InvalidInput);
    expect(toPatwardenError({ error: http(502), what: "x" })).toBeInstanceOf(GitHubUnavailable);
    const network = toPatwardenError({ error: new TypeError("fetch failed"), what: "GET /x" });
    expect(network).toBeInstanceOf(GitHubUnavailable);
    expect(network.message).toMatch(/GHE_HOST/);
  });
});
