// The requests table shows each request's risk score with its reasons, and every repository asked
// for: a short list in full, a long one folded behind "All N repositories", never "+N more".
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, it } from "vitest";
import { RequestsTable } from "../../app/_components/requests-table.tsx";
import type { RequestRow } from "../../app/_data/requests.ts";

const now = new Date("2026-03-01T00:00:00Z");
const row = (id: number, repositories: string[], score: number): RequestRow => ({
  id, tokenName: `token-${id}`, ownerLogin: "alice", reason: "deploys", permissions: [], selection: "subset",
  repositories, repositoryCount: repositories.length, createdAt: now, expiresAt: null, expired: false,
  risk: { score, reasons: [{ code: "no_expiry", points: score, text: "never expires" }] },
});
const repos = (n: number) => Array.from({ length: n }, (_, i) => `acme/repo-${String(i).padStart(2, "0")}`);

it("shows the risk score with its reasons and every repository of a request", () => {
  const html = renderToStaticMarkup(createElement(RequestsTable, { rows: [row(1, repos(3), 15), row(2, repos(12), 75)], now }));
  expect(html).toContain("<th scope=\"col\">Risk</th>");
  expect(html).toMatch(/data-risk="15"[^>]*>15</);
  expect(html).toMatch(/aria-label="risk 75: never expires"/);
  for (const name of repos(12)) expect(html).toContain(`>${name}</li>`);
  expect(html).toContain("<summary>All 12 repositories</summary>");
  expect(html).not.toMatch(/\+\d+ more/);
});

it("says how many repositories are not read yet when GitHub's list is incomplete", () => {
  const partial = { ...row(3, repos(2), 10), repositoryCount: 5 };
  const html = renderToStaticMarkup(createElement(RequestsTable, { rows: [partial], now }));
  expect(html).toContain("3 more not read yet");
});
