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

/**
 * The spans of `text` that are code (not strings, quoted names or comments), as [start, end) pairs:
 * a semicolon or keyword inside '…', "…", $tag$…$tag$, -- … or /* … *\/ is not one.
 */
function codeSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  let start = 0;
  let i = 0;
  const skipTo = (end: number) => {
    if (i > start) spans.push([start, i]);
    i = end;
    start = end;
  };
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === "-" && next === "-") {
      const nl = text.indexOf("\n", i);
      skipTo(nl === -1 ? text.length : nl);
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
      skipTo(j);
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
      skipTo(Math.min(j + 1, text.length));
    } else if (c === "$" && !/[\w$]/.test(text[i - 1] ?? "")) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i));
      if (tag) {
        const end = text.indexOf(tag[0], i + tag[0].length);
        skipTo(end === -1 ? text.length : end + tag[0].length);
      } else i++;
    } else i++;
  }
  if (i > start) spans.push([start, i]);
  return spans;
}

/** Checks one read-only statement and returns it ready to run; InvalidInput("sql") says what is wrong. */
export function checkStatement(raw: string): CheckedStatement {
  const spans = codeSpans(raw);
  const code = spans.map(([a, b]) => raw.slice(a, b)).join(" ");
  if (code.trim() === "" || /^[\s;]*$/.test(code)) throw new InvalidInput("sql", "is empty; give one SELECT, e.g. patwarden sql \"select org, count(*) from grants where active group by org\"");
  // The statement ends at its last code character that is not a semicolon.
  let end = 0;
  for (const [a, b] of spans) {
    for (let k = b - 1; k >= a; k--) {
      if (!/[\s;]/.test(raw[k]!)) {
        end = Math.max(end, k + 1);
        break;
      }
    }
  }
  const text = raw.slice(0, end).trim();
  for (const [a, b] of spans) {
    const semi = raw.slice(a, Math.min(b, end)).indexOf(";");
    if (semi !== -1 && a + semi < end) throw new InvalidInput("sql", "one statement only: run each statement with its own `patwarden sql`");
  }
  const first = /^[\s(]*([A-Za-z]+)/.exec(code)?.[1]?.toLowerCase() ?? "";
  if (CURSOR_KEYWORDS.has(first)) return { text, cursor: true };
  if (DIRECT_KEYWORDS.has(first)) return { text, cursor: false };
  throw new InvalidInput("sql", `read-only: patwarden sql runs one SELECT (or WITH, VALUES, TABLE, EXPLAIN, SHOW) and cannot run ${first ? first.toUpperCase() : "this statement"}`);
}
