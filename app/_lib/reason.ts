// The reason rule (model/reason.ts) as the browser shows it, before the engine checks it again.
import { formatCount } from "./format.ts";
import { REASON_MAX_CHARS, reasonLength } from "../../model/reason.ts";

export function reasonProblem({ value, required, max = REASON_MAX_CHARS }: { value: string; required: boolean; max?: number }): string | null {
  const n = reasonLength(value);
  if (n > max) return `The reason is ${formatCount(n)} characters long; at most ${formatCount(max)} are allowed. Shorten it by ${formatCount(n - max)}.`;
  if (required && n === 0) return "A reason is required.";
  return null;
}
