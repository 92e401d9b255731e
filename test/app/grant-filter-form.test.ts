// Every filter of the CLI is in the dashboard's filter form: one input per entry of
// GRANT_FILTER_FIELDS, of the right kind (dates are date inputs, numbers number inputs, flags
// checkboxes), showing the values of the current URL.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";

vi.mock("next/navigation", () => ({ useRouter: () => ({ push: () => {} }) }));

import { GrantFilterForm, type FilterValues } from "../../app/_components/grant-filter-form.tsx";
import { FILTER_INPUTS, toDateInputValue } from "../../app/_lib/filter-inputs.ts";
import { GRANT_FILTER_FIELDS } from "../../model/grant-filter.ts";

const render = (values: FilterValues = {}) =>
  renderToStaticMarkup(createElement(GrantFilterForm, { values, permissionOptions: ["contents:write"], resetHref: "/orgs/acme/grants" }));

/** The attributes of every form control named `name`, as `attr=value` strings. */
function controls(html: string, name: string): string[] {
  return [...html.matchAll(/<(input|select)\b([^>]*)>/g)].map((m) => `${m[1]} ${m[2]}`).filter((tag) => tag.includes(` name="${name}"`));
}

describe("the grants filter form", () => {
  const html = render();

  it("has an input for every filter in GRANT_FILTER_FIELDS", () => {
    const missing = Object.values(GRANT_FILTER_FIELDS).map((f) => f.param).filter((param) => controls(html, param).length === 0);
    expect(missing).toEqual([]);
  });

  it("offers the filters that were CLI-only", () => {
    for (const param of ["permission-any", "all-repos-write", "lifetime-over", "expires-after"]) expect(controls(html, param), param).not.toEqual([]);
  });

  it("uses date inputs for dates, number inputs for counts, checkboxes for flags and choices", () => {
    for (const param of ["last-used-before", "last-used-after", "expires-after"]) expect(controls(html, param)[0]).toContain('type="date"');
    for (const param of ["stale-days", "expiring-within", "lifetime-over", "risk-min"]) expect(controls(html, param)[0]).toContain('type="number"');
    for (const param of ["never-used", "expired", "no-expiry", "owner-left", "all-repos-write"]) expect(controls(html, param)[0]).toContain('type="checkbox"');
    expect(controls(html, "selection").map((c) => /value="(\w+)"/.exec(c)?.[1])).toEqual(["all", "subset", "none"]);
    expect(controls(html, "state")[0]).toMatch(/^select/);
    // Upper case in the help names a value's form, not a choice: the repository stays a text input.
    expect(controls(html, "repository")[0]).toContain('type="text"');
  });

  it("labels every input in people's words", () => {
    expect(FILTER_INPUTS.every((i) => i.label.length > 0)).toBe(true);
    expect(html).toContain("Any of these permissions");
    expect(html).toContain("Lifetime over days");
  });

  it("shows the URL's values: days in date inputs, date-times with a time as text, flags checked", () => {
    const filled = render({ "expires-after": ["2026-05-01T00:00:00.000Z"], "last-used-before": ["2026-01-31T12:30:00Z"], "all-repos-write": ["true"], "permission-any": ["secrets:read", "workflows:write"] });
    expect(controls(filled, "expires-after")[0]).toContain('value="2026-05-01"');
    expect(controls(filled, "last-used-before")[0]).toContain('type="text"');
    expect(controls(filled, "last-used-before")[0]).toContain('value="2026-01-31T12:30:00Z"');
    expect(controls(filled, "all-repos-write")[0]).toContain("checked");
    expect(controls(filled, "permission-any")[0]).toContain('value="secrets:read,workflows:write"');
  });

  it("submits the default state as nothing, so URLs stay short", () => {
    expect(html).toMatch(/<option value=""[^>]*>active \(default\)<\/option>/);
  });
});

it("toDateInputValue keeps a day, or says a date input would lose the time", () => {
  expect([undefined, "2026-02-03", "2026-02-03T00:00:00Z", "2026-02-03T00:00:00.000Z", "2026-02-03T08:00:00Z", "soon"].map(toDateInputValue))
    .toEqual(["", "2026-02-03", "2026-02-03", "2026-02-03", null, null]);
});
