// The reason rule as the browser shows it, before the server checks it again (bot/revoke's
// checkReason): 1–1024 characters once trimmed, counted as characters, not UTF-16 units.
import { formatCount } from "./format.ts";

export const REASON_LIMIT = 1024;

export function reasonLength(value: string): number {
  return [...value.trim()].length;
}

export function reasonProblem({ value, required, max = REASON_LIMIT }: { value: string; required: boolean; max?: number }): string | null {
  const n = reasonLength(value);
  if (n > max) return `The reason is ${formatCount(n)} characters long; at most ${formatCount(max)} are allowed. Shorten it by ${formatCount(n - max)}.`;
  if (required && n === 0) return "A reason is required.";
  return null;
}
