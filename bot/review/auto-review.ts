// Request auto-review: the policy file's `requests` rules decide an incoming request, or leave it
// to a human. Pure: deny rules first, then approve rules; the first match decides; no match → null.
import { DAY_MS } from "../../model/categories.ts";
import type { PermissionMaps, RepositorySelection } from "../../model/statuses.ts";
import { levelRank } from "../../model/permissions.ts";
import type { PolicyConfig, RequestRule } from "../policies/config.ts";

export type ReviewableRequest = {
  permissions: PermissionMaps;
  repositorySelection: RepositorySelection;
  createdAt: Date;
  tokenExpiresAt: Date | null;
  /** Requested repository names for `subset`; null when not known completely. */
  repositories: string[] | null;
};

export type RequestDecision = {
  decision: "approve" | "deny";
  /** The rule's reason, sent to GitHub and kept in the audit log. */
  reason: string;
  /** Where the rule sits in the file, e.g. "requests.deny[0]". */
  rule: string;
  when: RequestRule["when"];
};

export function decideRequest({ request, rules, now: _now }: {
  request: ReviewableRequest; rules: PolicyConfig["requests"]; now: Date;
}): RequestDecision | null {
  for (const [list, decision] of [["deny", "deny"], ["approve", "approve"]] as const) {
    const found = rules[list].findIndex((rule) => matchesRequest({ request, rule }));
    if (found >= 0) {
      const rule = rules[list][found]!;
      return { decision, reason: rule.reason, rule: `requests.${list}[${found}]`, when: rule.when };
    }
  }
  return null;
}

function held(request: ReviewableRequest): { name: string; level: string }[] {
  const p = request.permissions;
  return [p.organization, p.repository, p.other].flatMap((m) => Object.entries(m ?? {}).map(([name, level]) => ({ name, level })));
}

export function matchesRequest({ request, rule }: { request: ReviewableRequest; rule: RequestRule }): boolean {
  switch (rule.when) {
    case "forbidden_permissions": {
      const asked = held(request);
      return rule.permissions.some((spec) => {
        const [name, level] = spec.split(":") as [string, string];
        return asked.some((p) => p.name === name && levelRank(p.level) >= levelRank(level));
      });
    }
    case "lifetime_over":
      // Measured from the request, as GitHub counts a token's lifetime from when it is made.
      return request.tokenExpiresAt === null || request.tokenExpiresAt.getTime() - request.createdAt.getTime() > rule.days * DAY_MS;
    case "read_only": {
      if (request.repositorySelection === "all") return false;
      if (!held(request).every((p) => p.level === "read")) return false;
      if (!rule.repositories || request.repositorySelection === "none") return true;
      // Unknown repositories never pass a list: a human looks instead.
      if (request.repositories === null) return false;
      const allowed = new Set(rule.repositories.map((r) => r.toLowerCase()));
      return request.repositories.every((r) => allowed.has(r.toLowerCase()));
    }
  }
}
