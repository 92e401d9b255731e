// The grants page says what a filter means instead of showing a quiet list: a repository by name or
// owner/name, the note that all-repository grants are included, an unknown repository, a date that
// is not on the calendar, and a page past the end.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPage, screenshot, signIn, startStack, type Stack } from "./harness.ts";

let stack: Stack;
let browser: Browser;
let repo: { name: string; full_name: string };

beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: "acme", grants: 120, requests: 2 }] });
  browser = await launchBrowser();
  repo = stack.sim.control.org("acme").grants.find((g) => g.repository_selection === "subset" && g.repositories.length > 0)!.repositories[0]!;
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const countText = async (page: Page) => (await page.getByTestId("grant-count").innerText()).replace(/\s+/g, " ");
const open = async (page: Page, query: string) => {
  await page.goto(`${stack.url}/orgs/acme/grants?${query}`);
  await page.locator("[data-testid=grant-count], [data-testid=filter-error]").first().waitFor();
};

describe("grants page notices", () => {
  it("agrees for name and owner/name, notes all-repository grants, and refuses what it cannot answer", async () => {
    const { context, page, errors } = await newPage(browser);
    await signIn({ page, url: stack.url, login: stack.sim.control.org("acme").demoUsers.owner });

    await open(page, `repository=${encodeURIComponent(repo.name)}`);
    const byName = await countText(page);
    expect(await page.getByTestId("repository-note").innerText()).toContain('Grants with "All repositories" reach every repository');
    await open(page, `repository=${encodeURIComponent(repo.full_name.toUpperCase())}`);
    expect(await countText(page)).toBe(byName);
    expect(byName).toMatch(/^\d+ of 120 active grants/);
    await screenshot(page, "h1-repository-note");

    await open(page, `repository=${encodeURIComponent(`${repo.name}x`)}`);
    const unknown = page.getByTestId("filter-error");
    expect(await unknown.getAttribute("data-field")).toBe("repository");
    expect(await unknown.innerText()).toContain(`lists a repository "${repo.name}x"; did you mean ${repo.name}`);
    expect(await page.locator("table tbody tr").count()).toBe(0);
    expect(await page.getByTestId("grant-count").count()).toBe(0);
    expect(await page.getByText("No grants match").count()).toBe(0);
    await screenshot(page, "h1-unknown-repository");

    await open(page, "last-used-before=2025-02-30");
    const date = page.getByTestId("filter-error");
    expect(await date.getAttribute("data-field")).toBe("last-used-before");
    expect(await date.innerText()).toContain('"2025-02-30" is not a real date or time');

    await open(page, "page=999");
    const pastEnd = page.getByTestId("past-end");
    expect(await pastEnd.innerText()).toMatch(/Page 999 is past the end — 3 pages/);
    expect(await page.getByText("No grants match").count()).toBe(0);
    expect(await page.getByRole("navigation", { name: "Pages" }).count()).toBe(0);
    await screenshot(page, "h1-past-end");
    await pastEnd.getByRole("link", { name: "Go to the last page" }).click();
    await page.waitForURL((u) => u.searchParams.get("page") === "3");
    expect(await page.locator("table tbody tr").count()).toBe(20);
    expect(errors).toEqual([]);
    await context.close();
  });
});
