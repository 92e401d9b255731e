// The small error vocabulary the engine throws; each edge (HTTP, CLI, server action) maps it.
export class PatwardenError extends Error {
  /** Suggested CLI exit code / HTTP status mapping lives at the edges; this is just the kind. */
  readonly kind: "NotFound" | "Forbidden" | "InvalidInput" | "GitHubUnavailable" | "RateLimited" | "Conflict" | "DatabaseUnavailable";
  constructor(kind: PatwardenError["kind"], message: string) {
    super(message);
    this.kind = kind;
    this.name = kind;
  }
}
export class NotFound extends PatwardenError {
  constructor(message: string) { super("NotFound", message); }
}
export class Forbidden extends PatwardenError {
  constructor(message: string) { super("Forbidden", message); }
}
export class InvalidInput extends PatwardenError {
  /** The field (flag, form field, config key) that is wrong. */
  readonly field: string;
  constructor(field: string, message: string) {
    super("InvalidInput", `${field}: ${message}`);
    this.field = field;
  }
}
export class GitHubUnavailable extends PatwardenError {
  constructor(message: string) { super("GitHubUnavailable", message); }
}
export class RateLimited extends PatwardenError {
  readonly resetAt: Date | null;
  constructor(message: string, resetAt: Date | null = null) {
    super("RateLimited", message);
    this.resetAt = resetAt;
  }
}
export class Conflict extends PatwardenError {
  constructor(message: string) { super("Conflict", message); }
}

/** The database cannot be reached, or the connection was lost mid-work (model/database-errors.ts builds it). */
export class DatabaseUnavailable extends PatwardenError {
  /** unreachable: no connection could be made; lost: an open connection broke; starting: the server is not ready yet. */
  readonly reason: "unreachable" | "lost" | "starting";
  /** The driver's words ("connection refused", "terminating connection due to administrator command"), never SQL. */
  readonly detail: string;
  constructor(reason: DatabaseUnavailable["reason"], message: string, detail = "") {
    super("DatabaseUnavailable", message);
    this.reason = reason;
    this.detail = detail;
  }
}

export const HTTP_STATUS: Record<PatwardenError["kind"], number> = {
  NotFound: 404, Forbidden: 403, InvalidInput: 400, GitHubUnavailable: 503, RateLimited: 429, Conflict: 409, DatabaseUnavailable: 503,
};
