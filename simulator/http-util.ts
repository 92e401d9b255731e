// Response vocabulary shared by the route files: GitHub-shaped errors, pagination with Link
// headers in GitHub's format, ETags.
import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";

export type SimResponse = {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Non-JSON payload (HTML pages, OAuth form answers). */
  text?: { contentType: string; content: string };
};

/** Thrown by handlers to answer with an error response. */
export class HttpError extends Error {
  readonly response: SimResponse;
  constructor(response: SimResponse) {
    super(`HTTP ${response.status}`);
    this.response = response;
  }
}

export const DOCS_ROOT = "https://docs.github.com/rest";

export function basicError(args: { status: number; message: string; docs?: string; headers?: Record<string, string> }): HttpError {
  return new HttpError({
    status: args.status,
    headers: args.headers,
    body: { message: args.message, documentation_url: args.docs ?? DOCS_ROOT, status: String(args.status) },
  });
}

export type ValidationIssue = { field: string; code?: "missing" | "missing_field" | "invalid" | "custom" | "unprocessable"; message: string; value?: string | number | string[] | null };

export function validationFailed(args: { docs: string; resource: string; issues: ValidationIssue[] }): HttpError {
  return new HttpError({
    status: 422,
    body: {
      message: "Validation Failed",
      errors: args.issues.map((i) => ({ resource: args.resource, field: i.field, code: i.code ?? "invalid", message: i.message, ...(i.value !== undefined ? { value: i.value } : {}) })),
      documentation_url: args.docs,
      status: "422",
    },
  });
}

export function notFound(docs?: string): HttpError {
  return basicError({ status: 404, message: "Not Found", docs });
}

export type Paging = { page: number; perPage: number };

/** per_page defaults to 30 and is silently capped at 100; bad values fall back to defaults. */
export function parsePaging(query: URLSearchParams): Paging {
  const perPageRaw = Number.parseInt(query.get("per_page") ?? "", 10);
  const pageRaw = Number.parseInt(query.get("page") ?? "", 10);
  return {
    perPage: Number.isFinite(perPageRaw) && perPageRaw > 0 ? Math.min(perPageRaw, 100) : 30,
    page: Number.isFinite(pageRaw) && pageRaw > 0 ? pageRaw : 1,
  };
}

/** One page of `items` (ascending), read from the end when `descending`, without copying the whole list. */
export function pageOf<T>(args: { items: readonly T[]; paging: Paging; descending?: boolean }): T[] {
  const { items, paging, descending = false } = args;
  const start = (paging.page - 1) * paging.perPage;
  const out: T[] = [];
  for (let i = start; i < Math.min(start + paging.perPage, items.length); i++) {
    out.push(items[descending ? items.length - 1 - i : i]!);
  }
  return out;
}

/** `<url>; rel="prev", <url>; rel="next", <url>; rel="last", <url>; rel="first"`, or null on a single page. */
export function linkHeader(args: { base: string; rawQuery: string; paging: Paging; total: number }): string | null {
  const { base, rawQuery, paging, total } = args;
  const lastPage = Math.max(1, Math.ceil(total / paging.perPage));
  if (total === 0 || (lastPage === 1 && paging.page === 1)) return null;
  const kept = rawQuery.split("&").filter((pair) => pair !== "" && safeDecode(pair.split("=")[0]!) !== "page");
  const url = (page: number) => `<${base}?${[...kept, `page=${page}`].join("&")}>`;
  const parts: string[] = [];
  if (paging.page > 1) parts.push(`${url(Math.min(paging.page - 1, lastPage))}; rel="prev"`);
  if (paging.page < lastPage) parts.push(`${url(paging.page + 1)}; rel="next"`, `${url(lastPage)}; rel="last"`);
  if (paging.page > 1) parts.push(`${url(1)}; rel="first"`);
  return parts.join(", ");
}

export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}

export function etagOf(content: string): string {
  return `"${createHash("sha256").update(content).digest("hex").slice(0, 40)}"`;
}

/** True when an If-None-Match header names this ETag (weak or strong, or `*`). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((t) => {
    const tag = t.trim().replace(/^W\//, "");
    return tag === "*" || tag === etag;
  });
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Parses a JSON object body the way GitHub does: 400 for unparseable JSON or a non-object. */
export function parseJsonObject(text: string, docs: string): Record<string, unknown> {
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw basicError({ status: 400, message: "Problems parsing JSON", docs });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw basicError({ status: 400, message: "Body should be a JSON object", docs });
  }
  return value as Record<string, unknown>;
}

/** A 200 list answer with GitHub's Link header when there is more than one page. */
export function paginated(args: { selfUrl: string; rawQuery: string; paging: Paging; total: number; body: unknown[] }): SimResponse {
  const link = linkHeader({ base: args.selfUrl, rawQuery: args.rawQuery, paging: args.paging, total: args.total });
  return { status: 200, body: args.body, headers: link ? { link } : {} };
}

/** 1–100 integer ids from a JSON body field, or a 422 naming the problem. */
export function parseIdList(args: { value: unknown; field: string; docs: string; resource: string }): number[] {
  const { value, field } = args;
  const fail = (message: string) => validationFailed({ docs: args.docs, resource: args.resource, issues: [{ field, code: value === undefined ? "missing_field" : "invalid", message }] });
  if (value === undefined) throw fail(`${field} is missing`);
  if (!Array.isArray(value)) throw fail(`${field} must be an array of integers`);
  if (value.length < 1 || value.length > 100) throw fail(`${field} must contain between 1 and 100 items`);
  if (!value.every((v) => Number.isInteger(v) && v > 0)) throw fail(`${field} items must be positive integers`);
  return value as number[];
}
