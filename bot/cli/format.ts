// Output in the three formats every listing command supports.
import { stringify } from "csv-stringify/sync";
import type { FlagSpec, OutputFormat } from "./args.ts";
import type { CliContext } from "./context.ts";
import { renderTable, terminalWidth, type TableColumn, type TableFit } from "./table.ts";

export type Column<T> = TableColumn<T>;

/** `--wide` for every listing command: every column, nothing cut. */
export const WIDE_FLAG: FlagSpec = { wide: { type: "boolean" } };
export const WIDE_HELP = "  --wide                      table: every column in full (default: fit the terminal, 120 columns in a pipe)";

type RowsOptions<T> = {
  format: OutputFormat;
  rows: T[];
  /** The machine-readable object per row (json). */
  json: (row: T) => unknown;
  /** The columns for table and csv (csv takes every column's value). */
  columns: Column<T>[];
  /** Table: every column, nothing cut. */
  wide?: boolean;
  /** Table: the width to fit (default: the terminal's; 120 when stdout is not one). */
  width?: number;
};

export function formatRows<T>(opts: RowsOptions<T>): string {
  return renderRows(opts).text;
}

/** Prints the rows, then (on stderr) what the table left out to fit, if anything. */
export function printRows<T>(ctx: Pick<CliContext, "out" | "err" | "columns">, opts: RowsOptions<T>): void {
  const width = opts.width ?? ctx.columns;
  const { text, cut, hidden } = renderRows({ ...opts, width });
  ctx.out(text);
  if (cut) ctx.err(`(cut to fit ${width} columns${hidden.length ? `; left out: ${hidden.join(", ")}` : ""}; --wide shows everything)\n`);
}

function renderRows<T>({ format, rows, json, columns, wide = false, width = terminalWidth() }: RowsOptions<T>): TableFit {
  const whole = (text: string): TableFit => ({ text, cut: false, hidden: [] });
  if (format === "json") return whole(`${JSON.stringify(rows.map(json), null, 2)}\n`);
  if (format === "csv") {
    const cells = rows.map((row) => columns.map((c) => c.value(row) ?? ""));
    return whole(stringify([columns.map((c) => c.header), ...cells], { cast: { boolean: (b) => String(b) } }));
  }
  return renderTable({ rows, columns, width, wide });
}


/** "2024-01-31" for tables (dates only), full ISO elsewhere. */
export const shortDate = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : "");
/** "a, b, c +4": keeps table cells readable. */
export const abbreviateList = (items: string[], max = 3) =>
  items.length > max ? `${items.slice(0, max).join(", ")} +${items.length - max}` : items.join(", ");
/**
 * Permission labels for a table cell: metadata:read is on almost every grant and request, so the
 * short form leaves it out, unless it is all there is (an empty cell would read as "no access").
 */
export function shortPermissions(labels: string[], max = 3): string {
  const telling = labels.filter((p) => p !== "metadata:read");
  return abbreviateList(telling.length ? telling : labels, max);
}
export const isoOrNull = (d: Date | null | undefined) => (d ? d.toISOString() : null);
