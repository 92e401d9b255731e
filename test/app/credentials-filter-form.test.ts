// The credentials filter form has an input for every filter of the credentials table, of the right
// kind, through the same form the grants use.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, it, vi } from "vitest";

vi.mock("next/navigation", () => ({ useRouter: () => ({ push: () => {} }) }));

import { CredentialsFilterForm } from "../../app/_components/credentials-filter-form.tsx";
import { CREDENTIAL_FILTER_FIELDS } from "../../model/credential-filter.ts";

const controls = (html: string, name: string) =>
  [...html.matchAll(/<(input|select)\b([^>]*)>/g)].map((m) => `${m[1]} ${m[2]}`).filter((tag) => tag.includes(` name="${name}"`));

it("renders one control per credential filter, kinds by their labels, and the URL's values", () => {
  const html = renderToStaticMarkup(createElement(CredentialsFilterForm, { values: { type: ["ssh_key"], "risk-min": ["70"], state: ["removed"] }, resetHref: "/orgs/acme/credentials" }));
  expect(html).toContain('aria-label="Filter credentials"');
  expect(Object.values(CREDENTIAL_FILTER_FIELDS).map((f) => f.param).filter((p) => controls(html, p).length === 0)).toEqual([]);
  expect(controls(html, "type").map((c) => /value="(\w+)"/.exec(c)?.[1])).toEqual(["classic_pat", "ssh_key", "oauth_app_token", "github_app_token"]);
  expect(controls(html, "type").filter((c) => c.includes("checked"))).toHaveLength(1);
  expect(html).toContain("SSH key</label>");
  expect(controls(html, "risk-min")[0]).toMatch(/type="number".*max="100"/);
  for (const p of ["accessed-before", "accessed-after"]) expect(controls(html, p)[0]).toContain('type="date"');
  for (const p of ["never-accessed", "no-expiry", "expired", "owner-left"]) expect(controls(html, p)[0]).toContain('type="checkbox"');
  expect(html).toMatch(/<option value="">active \(default\)<\/option>/);
  expect(html).toMatch(/<option value="removed" selected="">removed<\/option>/);
});
