import Link from "./link.tsx";
import type { OrgCard } from "../_data/orgs.ts";
import { formatCount, formatDateTime, formatDuration, formatRelative } from "../_lib/format.ts";
import { JobTable } from "./job-table.tsx";
import { OrgActions } from "./org-actions.tsx";

function LastSyncFacts({ card, now }: { card: OrgCard; now: Date }) {
  const run = card.lastSync;
  if (!run) return <p className="muted">Never synced yet.</p>;
  return (
    <dl className="facts">
      <dt>Last sync</dt>
      <dd title={formatDateTime(run.startedAt)}>{formatRelative({ date: run.startedAt, now })} ({run.kind}, {run.trigger})</dd>
      <dt>Result</dt>
      <dd>
        <span className={`badge ${run.status === "succeeded" ? "active" : run.status === "failed" ? "bad" : "neutral"}`}>{run.status}</span>
        {run.error && <span className="small"> {run.error}</span>}
      </dd>
      <dt>Took</dt>
      <dd>{run.durationMs === null ? "still running" : formatDuration(run.durationMs)}</dd>
      <dt>API calls</dt>
      <dd>{formatCount(run.apiCalls)} ({formatCount(run.rateLimitSpent)} rate-limit points)</dd>
      <dt>Grants seen</dt>
      <dd>{formatCount(run.grantsSeen)}</dd>
    </dl>
  );
}

/** Whether the org's SSO credential authorizations are read, and if so how many and when. */
function CredentialsLine({ card, now }: { card: OrgCard; now: Date }) {
  const c = card.credentials;
  return (
    <p className="small" data-credentials={c.status}>
      {c.text}
      {c.count !== null && (
        <>
          {" — "}
          <Link href={`/orgs/${encodeURIComponent(card.login)}/credentials`}>{formatCount(c.count)} active</Link>
          {c.lastSyncAt && <span title={formatDateTime(c.lastSyncAt)}>, last synced {formatRelative({ date: c.lastSyncAt, now })}</span>}
        </>
      )}
      {c.detail && <span className="muted"> (GitHub: {c.detail})</span>}
    </p>
  );
}

export function OrgCardView({ card, now }: { card: OrgCard; now: Date }) {
  const missing = card.permissions.filter((p) => !p.ok);
  return (
    <article className="panel" aria-labelledby={`org-${card.login}`} data-org={card.login}>
      <div className="page-head" style={{ marginBottom: 8 }}>
        <h2 id={`org-${card.login}`}><Link href={`/orgs/${encodeURIComponent(card.login)}`}>{card.login}</Link></h2>
        <span className={`badge ${card.status}`}>{card.status}</span>
      </div>
      <p className="small muted">{card.statusText}</p>
      <p>
        <Link href={`/orgs/${encodeURIComponent(card.login)}/grants`}>{formatCount(card.activeGrants)} active grants</Link>
        {card.access.via === "security-team" && <span className="badge neutral" style={{ marginLeft: 8 }}>security team{card.access.canRevoke ? "" : ", read-only"}</span>}
      </p>
      <CredentialsLine card={card} now={now} />
      <h3 style={{ marginTop: 12 }}>App permissions</h3>
      <ul className="perm-list">
        {card.permissions.map((p) => (
          <li key={p.name}>
            <span className={`mark ${p.ok ? "ok" : "bad"}`} aria-hidden>{p.ok ? "✓" : "✗"}</span>
            <span>
              {p.label}: needs <strong>{p.level}</strong>, granted <strong>{p.granted ?? "none"}</strong>
              {!p.ok && <span className="small" style={{ display: "block", color: "var(--danger)" }}>{p.breaks}</span>}
            </span>
          </li>
        ))}
      </ul>
      {missing.length > 0 && <p className="small muted">An org owner can grant the missing permissions in the org's GitHub App settings.</p>}
      <h3 style={{ marginTop: 12 }}>Sync</h3>
      <LastSyncFacts card={card} now={now} />
      <h3 style={{ marginTop: 12 }}>Scheduled jobs</h3>
      <JobTable jobs={card.jobs} org={card.login} now={now} />
      {card.access.canManage && (
        <div style={{ marginTop: 12 }}>
          <OrgActions
            org={card.login}
            paused={card.status === "paused"}
            syncAvailable={card.syncAvailable && (card.status === "active" || card.status === "paused")}
            canPause={card.status === "active" || card.status === "paused"}
          />
        </div>
      )}
    </article>
  );
}
