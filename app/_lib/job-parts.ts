// What a revocation job removes, as its page and the revocations list say it: grants (bulk
// update_pat_accesses calls of at most 100) and SSO credential authorizations (one DELETE each),
// and the selection in words per kind. Pure: the credential count comes from the engine's job view.
import { formatCount } from "./format.ts";

export type JobParts = { grants: number; credentials: number; bulkCalls: number; deletes: number };

/** Splits a job's total and calls (`batches` = ⌈grants / 100⌉ + credentials) given its credential item count. */
export function jobParts({ total, batches, credentials }: { total: number; batches: number; credentials: number }): JobParts {
  return { grants: Math.max(0, total - credentials), credentials, bulkCalls: Math.max(0, batches - credentials), deletes: credentials };
}

const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** "3 grants, 2 credentials"; one part alone when the other is zero ("0 grants" for an empty job). */
export function partsText({ grants, credentials }: { grants: number; credentials: number }): string {
  const g = plural(grants, "grant", "grants");
  const c = plural(credentials, "credential", "credentials");
  return credentials === 0 ? g : grants === 0 ? c : `${g}, ${c}`;
}

/** The Method line: each part with its GitHub calls. */
export function methodText(parts: JobParts, method: "bulk" | "single"): string {
  const out: string[] = [];
  if (parts.grants > 0 || parts.credentials === 0) {
    out.push(method === "bulk"
      ? `grants: update_pat_accesses, ${plural(parts.bulkCalls, "call", "calls")} of at most 100 grants`
      : "grants: update_pat_access, one grant a call");
  }
  if (parts.credentials > 0) {
    out.push(`SSO credential authorizations: DELETE /orgs/{org}/credential-authorizations/{id}, ${plural(parts.deletes, "call", "calls")} (one each)`);
  }
  return out.join("; ");
}

/** "…1a2b3c4d" or the title: what a person recognises a credential by. */
export function credentialName({ tokenLastEight, title }: { tokenLastEight: string | null; title: string | null }): string {
  if (tokenLastEight && title) return `…${tokenLastEight} (${title})`;
  return tokenLastEight ? `…${tokenLastEight}` : title ?? "";
}

/** "owner=a&owner=b&permission=metadata%3Aread" → "owner=a,b  permission=metadata:read" */
export function readableQuery(query: string): string {
  const p = new URLSearchParams(query);
  return [...new Set(p.keys())].map((k) => `${k}=${p.getAll(k).join(",")}`).join("  ");
}
