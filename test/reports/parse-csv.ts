// CSV output is checked by reading it back (csv-parse: RFC 4180 quoting, doubled quotes, line
// breaks inside quotes) rather than by matching strings. Rows become objects keyed by the header.
import { parse } from "csv-parse/sync";

export function parseCsv(text: string): Record<string, string>[] {
  return parse<Record<string, string>>(text, { columns: true });
}
