// axe-core in the page under test: injected from the installed package (no network), run on the
// whole document; the caller asserts no serious or critical violations.
import axe from "axe-core";
import type { Page } from "playwright-core";

export type AxeFinding = { id: string; impact: string | null; help: string; targets: string[] };

export async function findSeriousViolations(page: Page): Promise<AxeFinding[]> {
  // After a client-side navigation (a server action's redirect, a link) Next sets the new page's
  // <title> from its streamed metadata a moment after the content: wait for it (up to 5 s), so axe
  // reads the page as it settles. A page that never gets a title still fails on document-title.
  await page.waitForFunction(() => document.title.trim() !== "", undefined, { timeout: 5_000 }).catch(() => undefined);
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: axe.source });
  const results = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } };
    return w.axe.run(document, { resultTypes: ["violations"] });
  });
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(" ")) }));
}
