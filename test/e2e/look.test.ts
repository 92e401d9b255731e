// The dashboard for daily use, in Chromium: every main page fits a 390×844 phone (nothing wider
// than the screen; the revoke dialog usable), dark mode follows the system and the theme menu
// (remembered, axe clean in both), and the compact grants table keeps each grant on one line.
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findSeriousViolations } from "./axe.ts";
import { join } from "node:path";
import { launchBrowser, screenshot, SCREENSHOTS, signInSetCookie, startStack, type Stack } from "./harness.ts";

let stack: Stack;
let browser: Browser;
let cookie: string;
let grantId: string;

beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: "acme", grants: 120, requests: 3 }] });
  browser = await launchBrowser();
  cookie = await signInSetCookie({ url: stack.url, login: stack.sim.control.org("acme").demoUsers.owner });
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const PAGES = [
  ["orgs", "/orgs"],
  ["overview", "/orgs/acme"],
  ["grants", "/orgs/acme/grants"],
  ["grant", "GRANT"],
  ["requests", "/orgs/acme/requests"],
  ["revocations", "/orgs/acme/revocations"],
  ["policies", "/orgs/acme/policies"],
  ["reports", "/orgs/acme/reports"],
  ["audit", "/orgs/acme/audit"],
] as const;

async function open(options: BrowserContextOptions): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext(options);
  const at = cookie.indexOf("=");
  await context.addCookies([{ name: cookie.slice(0, at), value: cookie.split(";")[0]!.slice(at + 1), url: stack.url }]);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return { page, errors, close: () => context.close() };
}

async function visit(page: Page, path: string): Promise<void> {
  if (path === "GRANT") {
    if (!grantId) {
      await page.goto(`${stack.url}/orgs/acme/grants`);
      grantId = (await page.locator("tr[data-grant-id]").first().getAttribute("data-grant-id"))!;
    }
    path = `/orgs/acme/grants/${grantId}`;
  }
  await page.goto(`${stack.url}${path}`);
  await page.locator("main").waitFor();
  // Charts draw after hydration; live updates may keep a connection open, so idle is waited for briefly.
  await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => {});
}

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);
const bodyBackground = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
/** Neighbouring x-axis labels of the overview's bar charts whose boxes overlap, as "left|right". */
const overlappingTicks = (page: Page) => page.evaluate(() => [...document.querySelectorAll(".recharts-xAxis")].flatMap((axis) => {
  const ticks = [...axis.querySelectorAll(".recharts-cartesian-axis-tick-value")].map((t) => ({ text: t.textContent ?? "", box: t.getBoundingClientRect() }));
  return ticks.slice(1).flatMap((t, i) => (ticks[i]!.box.right > t.box.left ? [`${ticks[i]!.text}|${t.text}`] : []));
}));
const DARK_BG = "rgb(13, 17, 23)";
const LIGHT_BG = "rgb(246, 248, 250)";

describe("the dashboard on a phone, in the dark, and dense", () => {
  it("no page is wider than a 390 px phone, and the revoke dialog can be filled in and confirmed", async () => {
    const { page, errors, close } = await open({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const widths: Record<string, number> = {};
    let overlaps: string[] = ["overview not visited"];
    for (const [name, path] of PAGES) {
      await visit(page, path);
      widths[name] = await pageWidth(page);
      if (name === "overview") overlaps = await overlappingTicks(page);
      // What the phone shows first; the full page for the long ones is in the dark run.
      await page.screenshot({ path: join(SCREENSHOTS, `look-mobile-${name}.png`) });
    }
    expect(widths).toEqual(Object.fromEntries(PAGES.map(([name]) => [name, 390])));
    expect(overlaps, "bar labels drawn over each other").toEqual([]);

    await visit(page, "/orgs/acme/grants");
    // A tick before hydration is undone by React; tick until the selection counts it.
    const first = page.locator("table.grants tbody").getByRole("checkbox").first();
    await expect.poll(async () => (await first.check(), page.getByTestId("selection-count").innerText()), { timeout: 20_000 }).toMatch(/^1 grant selected/);
    await page.getByRole("button", { name: "Revoke 1 grant…" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByTestId("revoke-summary").waitFor();
    await dialog.getByRole("textbox", { name: /Reason/ }).fill("Phone check: token no longer needed");
    const confirm = dialog.getByRole("button", { name: "Revoke 1 grant", exact: true });
    await expect.poll(() => confirm.isEnabled()).toBe(true);
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    const button = (await confirm.boundingBox())!;
    expect(button.y + button.height).toBeLessThanOrEqual(844);
    expect(button.x + button.width).toBeLessThanOrEqual(390);
    expect(await pageWidth(page)).toBe(390);
    await page.screenshot({ path: join(SCREENSHOTS, "look-mobile-revoke-dialog.png") });
    expect(errors).toEqual([]);
    await close();
  }, 300_000);

  it("follows a dark system theme: every main page is dark and axe-clean", async () => {
    const { page, errors, close } = await open({ viewport: { width: 1280, height: 900 }, colorScheme: "dark" });
    for (const [name, path] of PAGES) {
      await visit(page, path);
      expect(await bodyBackground(page), name).toBe(DARK_BG);
      expect(await findSeriousViolations(page), `${name} (dark)`).toEqual([]);
      await screenshot(page, `look-dark-${name}`);
    }
    expect(errors).toEqual([]);
    await close();
  }, 300_000);

  it("the server writes the remembered theme and density on <html>, so the first paint is right without a script", async () => {
    const html = async (cookieHeader?: string) => {
      const res = await fetch(`${stack.url}/login`, { headers: cookieHeader ? { cookie: cookieHeader } : {} });
      return (await res.text()).match(/<html[^>]*>/)![0];
    };
    expect(await html("pw_theme=dark; pw_density=compact")).toMatch(/^<html lang="en" data-theme="dark" data-density="compact">$/);
    expect(await html()).toMatch(/^<html lang="en" data-density="comfortable">$/);
    expect(await html("pw_theme=purple")).not.toContain("data-theme");
  });

  it("the theme menu overrides the system, is remembered, and back on system follows it; light is axe-clean too", async () => {
    const { page, errors, close } = await open({ viewport: { width: 1280, height: 900 }, colorScheme: "dark" });
    await visit(page, "/orgs/acme");
    const menu = page.getByRole("combobox", { name: "Colour theme" });
    await menu.selectOption("light");
    expect(await bodyBackground(page)).toBe(LIGHT_BG);
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("light");
    expect(await bodyBackground(page)).toBe(LIGHT_BG);
    expect(await menu.inputValue()).toBe("light");
    for (const [name, path] of PAGES) {
      await visit(page, path);
      expect(await bodyBackground(page), name).toBe(LIGHT_BG);
      expect(await findSeriousViolations(page), `${name} (light)`).toEqual([]);
    }
    await visit(page, "/orgs/acme");
    await menu.selectOption("system");
    expect(await bodyBackground(page)).toBe(DARK_BG);
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBeUndefined();
    expect(await bodyBackground(page)).toBe(DARK_BG);
    expect(errors).toEqual([]);
    await close();
  }, 300_000);

  it("the compact grants table shows one line per grant, and stays compact on the next visit", async () => {
    const { page, errors, close } = await open({ viewport: { width: 1280, height: 900 } });
    await visit(page, "/orgs/acme/grants");
    const rowHeights = () => page.locator("table.grants tbody tr").evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().height));
    const lineHeight = () => page.locator("table.grants tbody td").first().evaluate((td) => parseFloat(getComputedStyle(td).lineHeight));
    const comfortable = await rowHeights();
    expect(Math.max(...comfortable)).toBeGreaterThan(2 * (await lineHeight()));
    await page.getByRole("button", { name: "Compact" }).click();
    const compact = await rowHeights();
    expect(compact.length).toBe(comfortable.length);
    // One line of text (a badge may add a few pixels) plus padding: well under two lines, for every row.
    const oneLine = 1.5 * (await lineHeight()) + 4;
    expect(Math.max(...compact)).toBeLessThanOrEqual(oneLine);
    await screenshot(page, "look-compact-grants");
    await page.reload();
    expect(await page.getByRole("button", { name: "Compact" }).getAttribute("aria-pressed")).toBe("true");
    expect(Math.max(...(await rowHeights()))).toBeLessThanOrEqual(oneLine);
    expect(errors).toEqual([]);
    await close();
  });
});
