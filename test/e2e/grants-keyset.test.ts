// The grants page's Next and Previous links walk by keyset cursor (model/grant-cursor.ts): every
// grant once, in the table's order, the page number carried along; Previous comes back to the same
// rows; a sort change drops the cursor; a broken cursor in the URL is named, not an empty table.
import type { Page } from "playwright-core";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPage, signIn, startStack, type Stack } from "./harness.ts";

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: "acme", grants: 60 }] });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const ids = async (page: Page) => page.locator("table tbody tr").evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-grant-id"))));
const pageNumber = async (page: Page) => (await page.getByTestId("page-number").innerText()).replace(/\s+/g, " ");
const follow = async (page: Page, rel: "next" | "prev") => {
  const href = await page.locator(`nav[aria-label=Pages] a[rel=${rel}]`).getAttribute("href");
  await page.goto(new URL(href!, page.url()).toString());
  await page.getByTestId("page-number").waitFor();
};

describe("grants page keyset paging", () => {
  it("walks every grant by Next, comes back by Previous, and drops the cursor on a new sort", async () => {
    const { context, page } = await newPage(browser);
    await signIn({ page, url: stack.url, login: stack.sim.control.org("acme").demoUsers.owner });
    await page.goto(`${stack.url}/orgs/acme/grants?sort=last-used&direction=asc&per-page=25`);
    await page.getByTestId("page-number").waitFor();
    const pages: number[][] = [await ids(page)];
    expect(await pageNumber(page)).toBe("Page 1 of 3");
    await follow(page, "next");
    expect(page.url()).toMatch(/[?&]after=[A-Za-z0-9_-]+/);
    expect(await pageNumber(page)).toBe("Page 2 of 3");
    pages.push(await ids(page));
    await follow(page, "next");
    expect(await pageNumber(page)).toBe("Page 3 of 3");
    pages.push(await ids(page));
    expect(await page.locator("nav[aria-label=Pages] a[rel=next]").count()).toBe(0);
    // The same grants, in the same order, as one page of every grant.
    await page.goto(`${stack.url}/orgs/acme/grants?sort=last-used&direction=asc&per-page=100`);
    await page.getByTestId("page-number").waitFor();
    expect(pages.flat()).toEqual(await ids(page));
    expect(pages.map((p) => p.length)).toEqual([25, 25, 10]);
    // Back from page 3: the rows of page 2, then page 1 at its plain URL.
    await page.goBack();
    await page.getByTestId("page-number").waitFor();
    await follow(page, "prev");
    expect(page.url()).toMatch(/[?&]before=/);
    expect(await pageNumber(page)).toBe("Page 2 of 3");
    expect(await ids(page)).toEqual(pages[1]);
    await follow(page, "prev");
    expect(page.url()).not.toMatch(/[?&](after|before|page)=/);
    expect(await ids(page)).toEqual(pages[0]);
    // A column header from a cursor's page starts the new sort at its first page.
    await follow(page, "next");
    const header = await page.locator("th a.sort-link", { hasText: "Owner" }).getAttribute("href");
    expect(header).not.toMatch(/[?&](after|before|page)=/);
    // A broken cursor is named beside the filters.
    await page.goto(`${stack.url}/orgs/acme/grants?after=broken!`);
    const error = page.getByTestId("filter-error");
    expect(await error.getAttribute("data-field")).toBe("after");
    expect(await error.innerText()).toContain("not a grants cursor");
    await context.close();
  }, 180_000);
});
