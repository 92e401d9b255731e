// The table format on its own: fits the width without rules between rows, shrinks free text before
// leaving columns out, and --wide shows every column whole. Plurals come from one helper.
import { describe, expect, it } from "vitest";
import { formatRows, printRows } from "../../bot/cli/format.ts";
import { plural } from "../../model/words.ts";
import { renderTable, type TableColumn } from "../../bot/cli/table.ts";

type Row = { id: number; owner: string; token: string; permissions: string[]; granted: string; note: string };
const rows: Row[] = Array.from({ length: 470 }, (_, i) => ({
  id: 100_000 + i,
  owner: `owner-with-a-long-login-${i}`,
  token: `a token name that someone typed at length number ${i}`,
  permissions: ["contents:write", "issues:read", "pull_requests:write", "administration:write", "metadata:read"].slice(0, 1 + (i % 5)),
  granted: "2026-09-06",
  note: i % 7 === 0 ? "line one\nline two\twith a tab" : "",
}));
const columns: TableColumn<Row>[] = [
  { header: "ID", value: (r) => r.id },
  { header: "Owner", value: (r) => r.owner, shrink: true, minWidth: 20 },
  { header: "Token", value: (r) => r.token, shrink: true, minWidth: 16 },
  { header: "Permissions", value: (r) => r.permissions.slice(0, 2).join(", "), full: (r) => r.permissions.join(", "), shrink: true },
  { header: "Granted", value: (r) => r.granted, optional: true },
  { header: "Note", value: (r) => r.note, shrink: true },
  { header: "Token ID", value: (r) => r.id * 7, wideOnly: true },
];
const lines = (text: string) => text.replace(/\n$/, "").split("\n");
const length = (s: string) => [...s].length;

describe("renderTable", () => {
  it("fits 470 rows in 120 columns: one header line, one line per row, no rules", () => {
    const t = renderTable({ rows, columns, width: 120 });
    const out = lines(t.text);
    expect(out).toHaveLength(rows.length + 1);
    for (const line of out) expect(length(line)).toBeLessThanOrEqual(120);
    expect(out.filter((l) => /^[\s─┼│+|=-]*$/.test(l))).toEqual([]);
    expect(out[0]).toMatch(/^\s*ID\s+Owner\s+Token\s+Permissions/);
    expect(out[0]).not.toContain("Token ID");
    expect(t.cut).toBe(true);
    expect(out[1]).toContain("…");
  });

  it("keeps every line to the width on a narrow terminal, leaving optional columns out first", () => {
    const t = renderTable({ rows, columns, width: 80 });
    for (const line of lines(t.text)) expect(length(line)).toBeLessThanOrEqual(80);
    expect(t.hidden).toEqual(["Granted"]);
    expect(lines(t.text)[0]).not.toContain("Granted");
    for (const line of lines(renderTable({ rows, columns, width: 30 }).text)) expect(length(line)).toBeLessThanOrEqual(30);
  });

  it("does not cut or drop anything that fits", () => {
    const few = [{ id: 1, owner: "ann", token: "ci", permissions: ["contents:read"], granted: "2026-01-02", note: "" }];
    const t = renderTable({ rows: few, columns, width: 120 });
    expect(t).toMatchObject({ cut: false, hidden: [] });
    expect(lines(t.text)[1]!.trim().split(/\s{2,}/)).toEqual(["1", "ann", "ci", "contents:read", "2026-01-02"]);
  });

  it("--wide: every column, including the wide-only ones, with full values, nothing cut", () => {
    const t = renderTable({ rows, columns, width: 120, wide: true });
    const out = lines(t.text);
    expect(out).toHaveLength(rows.length + 1);
    expect(out[0]!.split(/\s{2,}/).map((h) => h.trim()).filter(Boolean)).toEqual(["ID", "Owner", "Token", "Permissions", "Granted", "Note", "Token ID"]);
    expect(out[5]).toContain(rows[4]!.token);
    expect(out[5]).toContain(rows[4]!.permissions.join(", "));
    expect(out.join("\n")).not.toContain("…");
  });

  it("puts a cell with newlines or tabs on its row's one line", () => {
    const out = lines(renderTable({ rows: rows.slice(0, 1), columns, width: 200 }).text);
    expect(out).toHaveLength(2);
    expect(out[1]).toContain("line one line two with a tab");
  });
});

describe("printRows", () => {
  it("says on stderr, after the table, what was left out and how to see it", () => {
    let out = "";
    let err = "";
    printRows({ out: (t) => void (out += t), err: (t) => void (err += t), columns: 80 }, {
      format: "table", rows, columns, json: (r) => r,
    });
    expect(lines(out)).toHaveLength(471);
    expect(err).toBe("(cut to fit 80 columns; left out: Granted; --wide shows everything)\n");
  });

  it("leaves csv and json whole whatever the width", () => {
    const csv = formatRows({ format: "csv", rows, columns, json: (r) => r, width: 40 });
    expect(csv.split("\n")[1]).toContain(rows[0]!.token);
    expect(JSON.parse(formatRows({ format: "json", rows, columns, json: (r) => r, width: 40 }))).toHaveLength(470);
  });
});

describe("plural", () => {
  it("agrees with its count", () => {
    expect(plural(1, "grant")).toBe("1 grant");
    expect(plural(0, "grant")).toBe("0 grants");
    expect(plural(2, "matching grant")).toBe("2 matching grants");
    expect(plural(1, "batch", "batches")).toBe("1 batch");
    expect(plural(3, "batch", "batches")).toBe("3 batches");
    expect(plural(1996, "grant")).toBe("1,996 grants");
  });
});
