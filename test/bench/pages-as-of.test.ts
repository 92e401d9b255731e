import { describe, expect, it } from "vitest";
import { overviewAsOfFrom } from "../../bench/pages.ts";

describe("the overview's 'as of' in the pages bench", () => {
  it("reads the rendered time, not the RSC payload's copy of the words", () => {
    const rsc = `self.__next_f.push([1,"…\\"children\\":[\\"Counts as of \\",\\"16:20 UTC\\",\\": recounted\\"]"])`;
    const html = `<p data-testid="overview-as-of">Counts as of <!-- -->16:20 UTC<!-- -->: recounted after each sync</p>`;
    expect(overviewAsOfFrom(`${rsc}${html}`)).toBe("16:20 UTC");
    expect(overviewAsOfFrom(`<p>Counts as of <!-- -->2026-12-04 16:20 UTC<!-- -->: recounted</p>`)).toBe("2026-12-04 16:20 UTC");
  });

  it("is null when the page says no time", () => {
    expect(overviewAsOfFrom(`<main><h1>acme</h1></main>`)).toBeNull();
    expect(overviewAsOfFrom(`self.__next_f.push([1,"Counts as of \\",\\"16:20 UTC"])`)).toBeNull();
  });
});
