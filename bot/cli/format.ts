// Output in the three formats every listing command supports.
import Table from "cli-table3";
import { stringify } from "csv-stringify/sync";
import type { OutputFormat } from "./args.ts";

export type Column<T> = { header: string; value: (row: T) => string | number | boolean | null | undefined };

export function formatRows<T>({ format, rows, json, columns }: {
  format: OutputFormat;
  rows: T[];
  /** The machine-readable object per row (json). */
  json: (row: T) => unknown;
  /** The columns for table and csv. */
  columns: Column<T>[];
}): string {
  if (format === "json") return `${JSON.stringify(rows.map(json), null, 2)}\n`;
  const cells = rows.map((row) => columns.map((c) => c.value(row) ?? ""));
  if (format === "csv") return stringify([columns.map((c) => c.header), ...cells], { cast: { boolean: (b) => String(b) } });
  const table = new Table({ head: columns.map((c) => c.header), style: { head: [], border: [] } });
  table.push(...cells.map((r) => r.map(String)));
  return `${table.toString()}\n`;
}

/** "2024-01-31" for tables (dates only), full ISO elsewhere. */
export const shortDate = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : "");
/** "a, b, c +4": keeps table cells readable. */
export const abbreviateList = (items: string[], max = 3) =>
  items.length > max ? `${items.slice(0, max).join(", ")} +${items.length - max}` : items.join(", ");
export const isoOrNull = (d: Date | null | undefined) => (d ? d.toISOString() : null);
