// Markdown table pieces shared by the report's sections (render-md.ts, render-md-credentials.ts).

/** Rows shown per list; the CSV and JSON always hold all of them. */
export const MARKDOWN_LIST_LIMIT = 50;

/** Table cells: pipes and line breaks would break the row, backticks the formatting. */
export const cell = (s: string | number | null | undefined) =>
  s === null || s === undefined || s === "" ? "—" : String(s).replace(/[\r\n]+/g, " ").replace(/([|\\`*_<>[\]])/g, "\\$1");
export const day = (iso: string | null) => (iso ? iso.slice(0, 10) : null);

export function table(headers: string[], rows: (string | number | null)[][]): string[] {
  return [`| ${headers.join(" | ")} |`, `|${headers.map(() => " --- ").join("|")}|`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)];
}

export function more(total: number, what: string): string[] {
  return total > MARKDOWN_LIST_LIMIT ? [``, `… and ${total - MARKDOWN_LIST_LIMIT} more ${what} (the CSV or JSON download lists all of them).`] : [];
}
