// What `patwarden sql` accepts, decided before anything reaches the database: one statement, and
// one that reads. The READ ONLY transaction is the guarantee (bot/sql/verbs.ts); this gives the
// person a plain sentence first, and tells the runner whether the rows can come through a cursor.
import { InvalidInput } from "../../model/errors.ts";

/** Statements that only read. The first four go through a cursor (so a row cap stops the fetch). */
const CURSOR_KEYWORDS = new Set(["select", "with", "values", "table"]);
const DIRECT_KEYWORDS = new Set(["explain", "show"]);

export type CheckedStatement = {
  /** The statement without trailing semicolons, comments and blanks. */
  text: string;
  /** True when it can be DECLAREd as a cursor (SELECT, WITH, VALUES, TABLE). */
  cursor: boolean;
};

type Segment = { start: number; end: number; kind: "code" | "quoted" | "comment" };

/**
 * `text` cut into code, quoted text ('…', "…", $tag$…$tag$) and comments (-- …, /* … *\/): a
 * semicolon or keyword inside quotes or a comment is not one.
 */
function segments(text: string): Segment[] {
  const out: Segment[] = [];
  let start = 0;
  let i = 0;
  const take = (end: number, kind: Segment["kind"]) => {
    if (i > start) out.push({ start, end: i, kind: "code" });
    out.push({ start: i, end, kind });
    i = end;
    start = end;
  };
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === "-" && next === "-") {
      const nl = text.indexOf("\n", i);
      take(nl === -1 ? text.length : nl, "comment");
    } else if (c === "/" && next === "*") {
      let depth = 1;
      let j = i + 2;
      while (j < text.length && depth > 0) {
        const pair = text.slice(j, j + 2);
        if (pair === "/*" || pair === "*/") {
          depth += pair === "/*" ? 1 : -1;
          j += 2;
        } else j++;
      }
      take(j, "comment");
    } else if (c === "'" || c === '"') {
      // E'…' strings escape with a backslash; all quoted text doubles its quote.
      const backslashes = c === "'" && /[eE]$/.test(text.slice(Math.max(0, i - 1), i)) && !/\w[eE]$/.test(text.slice(Math.max(0, i - 2), i));
      let j = i + 1;
      while (j < text.length) {
        if (backslashes && text[j] === "\\") j += 2;
        else if (text[j] === c && text[j + 1] === c) j += 2;
        else if (text[j] === c) break;
        else j++;
      }
      take(Math.min(j + 1, text.length), "quoted");
    } else if (c === "$" && !/[\w$]/.test(text[i - 1] ?? "")) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i));
      if (tag) {
        const end = text.indexOf(tag[0], i + tag[0].length);
        take(end === -1 ? text.length : end + tag[0].length, "quoted");
      } else i++;
    } else i++;
  }
  if (i > start) out.push({ start, end: i, kind: "code" });
  return out;
}

/** Checks one read-only statement and returns it ready to run; InvalidInput("sql") says what is wrong. */
export function checkStatement(raw: string): CheckedStatement {
  const parts = segments(raw);
  const code = parts.filter((p) => p.kind === "code").map((p) => raw.slice(p.start, p.end)).join(" ");
  // The statement ends at its last character that is quoted, or code other than a semicolon.
  let end = 0;
  for (const p of parts) {
    if (p.kind === "quoted") end = Math.max(end, p.end);
    if (p.kind !== "code") continue;
    for (let k = p.end - 1; k >= p.start; k--) {
      if (!/[\s;]/.test(raw[k]!)) {
        end = Math.max(end, k + 1);
        break;
      }
    }
  }
  if (end === 0) throw new InvalidInput("sql", "is empty; give one SELECT, e.g. patwarden sql \"select org, count(*) from grants where active group by org\"");
  const text = raw.slice(0, end).trim();
  for (const p of parts) {
    const semi = p.kind === "code" ? raw.slice(p.start, Math.min(p.end, end)).indexOf(";") : -1;
    if (semi !== -1) throw new InvalidInput("sql", "one statement only: run each statement with its own `patwarden sql`");
  }
  const first = /^[\s(]*([A-Za-z]+)/.exec(code)?.[1]?.toLowerCase() ?? "";
  if (CURSOR_KEYWORDS.has(first)) return { text, cursor: true };
  if (DIRECT_KEYWORDS.has(first)) return { text, cursor: false };
  throw new InvalidInput("sql", `read-only: patwarden sql runs one SELECT (or WITH, VALUES, TABLE, EXPLAIN, SHOW) and cannot run ${first ? first.toUpperCase() : "this statement"}`);
}
