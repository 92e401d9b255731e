// The requests page past its oldest 100: "Next 100 →" carries a keyset cursor to the rest of the
// queue, "← Previous" comes back to the same rows, and a broken cursor in the URL is named.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPage, signIn, startStack, type Stack } from "./harness.ts";

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: "acme", grants: 5, requests: 130 }] });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const ids = async (page: Page) => page.locator("table tbody tr").evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-request-id"))));
const follow = async (page: Page, testId: string) => {
  const href = await page.getByTestId(testId).getAttribute("href");
  await page.goto(new URL(href!, page.url()).toString());
  await page.getByTestId("request-count").waitFor();
};

describe("requests page keyset paging", () => {
  it("shows the next requests by Next and the same first page again by Previous", async () => {
    const { context, page } = await newPage(browser);
    await signIn({ page, url: stack.url, login: stack.sim.control.org("acme").demoUsers.owner });
    await page.goto(`${stack.url}/orgs/acme/requests`);
    await page.getByTestId("request-count").waitFor();
    const first = await ids(page);
    expect(first.length).toBe(100);
    expect(await page.getByTestId("requests-previous").count()).toBe(0);
    await follow(page, "requests-next");
    expect(page.url()).toMatch(/[?&]after=[A-Za-z0-9_-]+/);
    const second = await ids(page);
    expect(second.length).toBe(30);
    expect(new Set([...first, ...second]).size).toBe(130);
    expect(await page.getByTestId("requests-next").count()).toBe(0);
    await follow(page, "requests-previous");
    expect(await ids(page)).toEqual(first);

    await page.goto(`${stack.url}/orgs/acme/requests?after=broken!`);
    await page.getByText("after: not a requests cursor").first().waitFor();
    expect(await page.locator("table tbody tr").count()).toBe(0);
    await context.close();
  });
});
