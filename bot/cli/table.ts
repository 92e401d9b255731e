// The table format: one header line, one line per row, columns two spaces apart and no rules, cut to
// the terminal's width. Free-text columns shrink first (cut with "…"), then the columns a narrow
// terminal can do without are left out; `--wide` shows every column in full.

export type Cell = string | number | boolean | null | undefined;

export type TableColumn<T> = {
  header: string;
  value: (row: T) => Cell;
  /** The full value, where `value` abbreviates it (a long list): shown by --wide. */
  full?: (row: T) => Cell;
  /** Free text (names, lists, reasons): cut with "…" to fit. */
  shrink?: boolean;
  /** How far it shrinks before optional columns are left out (then down to its header's width). */
  minWidth?: number;
  /** Left out, last first, when the columns shrunk to their minWidth still do not fit; --wide shows it. */
  optional?: boolean;
  /** Only with --wide. */
  wideOnly?: boolean;
};

export type TableFit = { text: string; cut: boolean; hidden: string[] };

const GAP = "  ";
const DEFAULT_MIN = 12;

/** One line per cell: a newline or tab in free text would break the row apart. */
const flat = (c: Cell) => (c === null || c === undefined ? "" : String(c).replace(/\s+/g, " ").trim());
const length = (s: string) => [...s].length;
const cutTo = (s: string, width: number) => (length(s) <= width ? s : `${[...s].slice(0, Math.max(0, width - 1)).join("")}…`);

export function renderTable<T>({ rows, columns, width, wide = false }: {
  rows: T[]; columns: TableColumn<T>[]; width: number; wide?: boolean;
}): TableFit {
  let shown = columns.filter((c) => wide || !c.wideOnly);
  const cells = new Map(shown.map((c) => [c, rows.map((r) => flat(wide && c.full ? c.full(r) : c.value(r)))]));
  const natural = (c: TableColumn<T>) => Math.max(length(c.header), ...cells.get(c)!.map(length));
  const hidden: string[] = [];
  let widths = shown.map(natural);
  let cut = false;
  if (!wide) {
    for (;;) {
      const fitted = fit({ columns: shown, widths: shown.map(natural), width, floor: (c) => c.minWidth ?? DEFAULT_MIN });
      const drop = fitted.over > 0 ? shown.findLastIndex((c) => c.optional) : -1;
      if (drop < 0) break;
      hidden.unshift(shown[drop]!.header);
      shown = shown.filter((_, i) => i !== drop);
    }
    ({ widths, cut } = fit({ columns: shown, widths: shown.map(natural), width, floor: (c) => length(c.header) }));
  }
  const numeric = shown.map((c) => cells.get(c)!.every((v) => v === "" || /^-?\d+$/.test(v)));
  const line = (values: string[]) => {
    const text = values.map((v, i) => {
      const s = cutTo(v, widths[i]!);
      const pad = " ".repeat(widths[i]! - length(s));
      return numeric[i] ? pad + s : i === values.length - 1 ? s : s + pad;
    }).join(GAP).trimEnd();
    // A terminal narrower than the smallest layout: cut the line rather than wrap it.
    return wide || length(text) <= width ? text : cutTo(text, width);
  };
  const lines = [line(shown.map((c) => c.header)), ...rows.map((_, r) => line(shown.map((c) => cells.get(c)![r]!)))];
  return { text: `${lines.join("\n")}\n`, cut: cut || hidden.length > 0, hidden };
}

/** Shrinks the widest free-text column one character at a time until the line fits (or none can). */
function fit<T>({ columns, widths, width, floor: floorOf }: {
  columns: TableColumn<T>[]; widths: number[]; width: number; floor: (c: TableColumn<T>) => number;
}) {
  const floor = columns.map((c, i) => Math.min(widths[i]!, Math.max(length(c.header), floorOf(c))));
  let over = widths.reduce((a, b) => a + b, 0) + GAP.length * (columns.length - 1) - width;
  let cut = false;
  while (over > 0) {
    let widest = -1;
    columns.forEach((c, i) => {
      if (c.shrink && widths[i]! > floor[i]! && (widest < 0 || widths[i]! > widths[widest]!)) widest = i;
    });
    if (widest < 0) break;
    widths[widest]--;
    over--;
    cut = true;
  }
  return { widths, over, cut };
}

/** The width to fit: the terminal's, or 120 columns when output is not a terminal. */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout): number {
  return stream.isTTY && stream.columns ? stream.columns : 120;
}
