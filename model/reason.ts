// The reason every destructive action records in the audit log: 1 to REASON_MAX_CHARS characters
// once trimmed, counted as characters (code points), not UTF-16 units. The browser shows the rule
// (app/_lib/reason.ts) and the engine enforces it (bot/revoke/selection.ts checkReason).
export const REASON_MAX_CHARS = 1024;

export function reasonLength(value: string): number {
  return [...value.trim()].length;
}
