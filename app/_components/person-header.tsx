// The person page's header: login, highest risk, totals, and each visible org with the person's
// membership there ("left acme" marked as a finding).
import type { Person, PersonOrg } from "../../bot/people/verbs.ts";
import { formatCount, formatRelative } from "../_lib/format.ts";
import { RiskBadge } from "./risk-badge.tsx";

const MEMBERSHIP: Record<PersonOrg["membership"], { text: (org: string) => string; tone: string }> = {
  owner: { text: (o) => `owner of ${o}`, tone: "active" },
  member: { text: (o) => `member of ${o}`, tone: "active" },
  left: { text: (o) => `left ${o}`, tone: "bad" },
  never: { text: (o) => `never a member of ${o}`, tone: "neutral" },
  unknown: { text: (o) => `${o}: members not synced yet`, tone: "neutral" },
};

export function PersonHeader({ person, now }: { person: Person; now: Date }) {
  const t = person.totals;
  return (
    <div className="page-head">
      <div>
        <h1 style={{ display: "flex", alignItems: "center", gap: 10 }}>
          <span aria-hidden="true" className="badge neutral" style={{ fontSize: 16 }}>{person.login.slice(0, 1).toUpperCase()}</span>
          {person.login}
          <RiskBadge score={person.maxRisk} reasons={[]} />
        </h1>
        <p className="muted" data-testid="person-summary">
          {formatCount(t.grants)} {t.grants === 1 ? "grant" : "grants"} · {formatCount(t.credentials)} SSO {t.credentials === 1 ? "credential" : "credentials"} ·{" "}
          {formatCount(t.requests)} pending {t.requests === 1 ? "request" : "requests"} · last use{" "}
          {person.lastUsedAt ? <time dateTime={person.lastUsedAt.toISOString()}>{formatRelative({ date: person.lastUsedAt, now })}</time> : "never"}
        </p>
        <p className="actions" aria-label="Membership">
          {person.orgs.map((o) => (
            <span key={o.org} className={`badge ${MEMBERSHIP[o.membership].tone}`} data-membership={o.membership}>{MEMBERSHIP[o.membership].text(o.org)}</span>
          ))}
        </p>
      </div>
    </div>
  );
}
