// Pure shaping for the reports pages: a stored report's summary and delivery as small rows, and
// each category's findings with the grants-table link that lists them (the category's own filter).
import type { CategorySummary, Finding, FindingCategory, ReportDocument } from "../../bot/reports/document.ts";

export const CATEGORY_LABELS: Record<FindingCategory, string> = {
  stale: "Stale", never_used: "Never used", expired: "Expired", expiring: "Expiring soon", no_expiry: "No expiry",
  long_expiry: "Long expiry", over_privileged: "Over-privileged", owner_left: "Owner left the org",
};

export type DeliveryLink = { label: string; href: string | null; text: string };

/** The delivery record as stored by bot/reports (issue, file, errors); unknown shapes are skipped, never guessed. */
export function deliveryLinks(delivery: Record<string, unknown>): { links: DeliveryLink[]; errors: string[] } {
  const links: DeliveryLink[] = [];
  const issue = delivery.issue as { number?: unknown; url?: unknown; repository?: unknown } | undefined;
  if (issue && typeof issue.number === "number") {
    links.push({ label: "issue", href: typeof issue.url === "string" ? issue.url : null, text: `${String(issue.repository ?? "")}#${issue.number}` });
  }
  const file = delivery.file as { path?: unknown; url?: unknown; repository?: unknown } | undefined;
  if (file && typeof file.path === "string") {
    links.push({ label: "file", href: typeof file.url === "string" ? file.url : null, text: `${String(file.repository ?? "")}/${file.path}` });
  }
  const errors = Array.isArray(delivery.errors) ? delivery.errors.filter((e): e is string => typeof e === "string") : [];
  return { links, errors };
}

/** Sum of findings per category from a stored summary; 0 when absent. */
export function totalFindings(summary: Record<string, unknown>): number {
  const f = summary.findings;
  if (!f || typeof f !== "object") return 0;
  return Object.values(f as Record<string, unknown>).reduce<number>((n, v) => n + (typeof v === "number" ? v : 0), 0);
}

export type CategoryView = { category: FindingCategory; label: string; count: number; href: string; filters: string[]; findings: Finding[]; more: number };

/**
 * One section per category in report order. The link opens the grants table with the category's
 * filter (its first, when a category is the union of several; `filters` lists them all).
 */
export function shapeCategories({ org, doc, limit = 100 }: { org: string; doc: Pick<ReportDocument, "categories" | "findings">; limit?: number }): CategoryView[] {
  const base = `/orgs/${encodeURIComponent(org)}/grants`;
  return doc.categories.map((c: CategorySummary) => {
    const all = doc.findings.filter((f) => f.category === c.category);
    return {
      category: c.category,
      label: CATEGORY_LABELS[c.category] ?? c.category,
      count: c.count,
      href: c.filters[0] ? `${base}?${c.filters[0]}` : base,
      filters: c.filters,
      findings: all.slice(0, limit),
      more: Math.max(0, all.length - limit),
    };
  });
}
