-- Read-only SQL access (docs/sql.md): views in a schema of their own, for `patwarden sql`, BI tools
-- and the read-only role. Their column names are a contract: columns are only ever added, never
-- renamed or dropped. A later migration that alters a column these views read must drop and
-- recreate the view (Postgres refuses ALTER COLUMN TYPE under a view); keep the names.
-- Removed rows stay in (removed_at, removal_reason) so history can be queried; `active` filters.
CREATE SCHEMA IF NOT EXISTS patwarden;
--> statement-breakpoint
CREATE VIEW patwarden.grants AS
SELECT
  o.login AS org,
  g.org_id,
  g.id,
  g.token_id,
  g.token_name,
  g.owner_login AS owner,
  g.owner_id,
  g.permissions,
  ARRAY(
    SELECT p.key || ':' || p.value
    FROM (
      SELECT * FROM jsonb_each_text(coalesce(g.permissions -> 'organization', '{}'::jsonb))
      UNION ALL SELECT * FROM jsonb_each_text(coalesce(g.permissions -> 'repository', '{}'::jsonb))
      UNION ALL SELECT * FROM jsonb_each_text(coalesce(g.permissions -> 'other', '{}'::jsonb))
    ) p
    ORDER BY (p.key || ':' || p.value) COLLATE "C"
  ) AS permission_list,
  g.permission_tokens AS permissions_at_least,
  g.repository_selection,
  g.repository_count,
  g.access_granted_at AS granted_at,
  g.token_last_used_at AS last_used_at,
  g.token_expires_at AS expires_at,
  (g.token_expired OR g.token_expires_at <= now()) AS expired,
  g.owner_is_member,
  g.risk_score,
  g.risk_reasons,
  g.first_seen_at,
  g.last_seen_at,
  g.removed_at,
  g.removal_reason,
  (g.removed_at IS NULL) AS active
FROM public.grants g
JOIN public.orgs o ON o.id = g.org_id;
--> statement-breakpoint
CREATE VIEW patwarden.grant_repositories AS
SELECT o.login AS org, r.org_id, r.grant_id, r.repository_id, r.name, r.full_name, r.private
FROM public.grant_repositories r
JOIN public.orgs o ON o.id = r.org_id;
--> statement-breakpoint
CREATE VIEW patwarden.credentials AS
SELECT
  o.login AS org,
  c.org_id,
  c.credential_id,
  c.login,
  c.credential_type,
  -- The short kinds of model/credentials.ts (test/sql/views.test.ts holds the two to the same mapping).
  CASE c.credential_type
    WHEN 'personal access token' THEN 'classic_pat'
    WHEN 'SSH key' THEN 'ssh_key'
    WHEN 'OAuth app token' THEN 'oauth_app_token'
    WHEN 'GitHub app token' THEN 'github_app_token'
  END AS kind,
  c.scopes,
  c.token_last_eight,
  c.fingerprint,
  c.title,
  c.note,
  c.authorized_credential_id,
  c.authorized_at,
  c.accessed_at,
  c.expires_at,
  c.owner_is_member,
  c.risk_score,
  c.risk_reasons,
  c.first_seen_at,
  c.last_seen_at,
  c.removed_at,
  c.removal_reason,
  (c.removed_at IS NULL) AS active
FROM public.credentials c
JOIN public.orgs o ON o.id = c.org_id;
--> statement-breakpoint
CREATE VIEW patwarden.requests AS
SELECT
  o.login AS org,
  r.org_id,
  r.id,
  r.token_id,
  r.token_name,
  r.owner_login AS owner,
  r.owner_id,
  r.reason,
  r.status,
  r.permissions,
  ARRAY(
    SELECT p.key || ':' || p.value
    FROM (
      SELECT * FROM jsonb_each_text(coalesce(r.permissions -> 'organization', '{}'::jsonb))
      UNION ALL SELECT * FROM jsonb_each_text(coalesce(r.permissions -> 'repository', '{}'::jsonb))
      UNION ALL SELECT * FROM jsonb_each_text(coalesce(r.permissions -> 'other', '{}'::jsonb))
    ) p
    ORDER BY (p.key || ':' || p.value) COLLATE "C"
  ) AS permission_list,
  r.permission_tokens AS permissions_at_least,
  r.repository_selection,
  r.repository_count,
  r.created_at,
  r.token_last_used_at AS last_used_at,
  r.token_expires_at AS expires_at,
  (r.token_expired OR r.token_expires_at <= now()) AS expired,
  r.resolved_at,
  r.first_seen_at,
  r.last_seen_at
FROM public.pat_requests r
JOIN public.orgs o ON o.id = r.org_id;
--> statement-breakpoint
CREATE VIEW patwarden.request_repositories AS
SELECT o.login AS org, r.org_id, r.request_id, r.repository_id, r.name, r.full_name, r.private
FROM public.request_repositories r
JOIN public.orgs o ON o.id = r.org_id;
--> statement-breakpoint
-- One row per org and person: every member ever seen, and everyone who owns a grant, a credential
-- or a request there (case-insensitive login). membership: owner, member, left (the member list
-- lost them, or a sync flagged their tokens' owner as gone), unknown (members not synced yet).
CREATE VIEW patwarden.people AS
WITH logins AS (
  SELECT org_id, lower(login) AS key, login FROM public.org_members
  UNION SELECT org_id, lower(owner_login), owner_login FROM public.grants
  UNION SELECT org_id, lower(login), login FROM public.credentials
  UNION SELECT org_id, lower(owner_login), owner_login FROM public.pat_requests
), people AS (
  SELECT org_id, key, min(login) AS login FROM logins GROUP BY org_id, key
)
SELECT
  o.login AS org,
  p.org_id,
  coalesce(m.login, p.login) AS login,
  m.user_id,
  m.role,
  CASE
    WHEN m.user_id IS NOT NULL AND m.removed_at IS NULL THEN CASE WHEN m.role = 'admin' THEN 'owner' ELSE 'member' END
    WHEN m.removed_at IS NOT NULL OR coalesce(g.owner_left, false) OR coalesce(c.owner_left, false) THEN 'left'
    ELSE 'unknown'
  END AS membership,
  m.first_seen_at AS member_since,
  m.removed_at AS left_at,
  coalesce(g.active, 0) AS active_grants,
  coalesce(g.removed, 0) AS removed_grants,
  coalesce(c.active, 0) AS active_credentials,
  coalesce(c.removed, 0) AS removed_credentials,
  coalesce(q.pending, 0) AS pending_requests,
  greatest(g.max_risk, c.max_risk) AS max_risk_score,
  greatest(g.last_used_at, c.last_used_at) AS last_used_at
FROM people p
JOIN public.orgs o ON o.id = p.org_id
LEFT JOIN LATERAL (
  SELECT om.* FROM public.org_members om
  WHERE om.org_id = p.org_id AND lower(om.login) = p.key
  ORDER BY (om.removed_at IS NULL) DESC, om.last_seen_at DESC
  LIMIT 1
) m ON true
LEFT JOIN LATERAL (
  SELECT
    count(*) FILTER (WHERE gr.removed_at IS NULL) AS active,
    count(*) FILTER (WHERE gr.removed_at IS NOT NULL) AS removed,
    max(gr.risk_score) FILTER (WHERE gr.removed_at IS NULL) AS max_risk,
    max(gr.token_last_used_at) AS last_used_at,
    bool_or(gr.owner_is_member = false AND gr.removed_at IS NULL) AS owner_left
  FROM public.grants gr
  WHERE gr.org_id = p.org_id AND lower(gr.owner_login) = p.key
) g ON true
LEFT JOIN LATERAL (
  SELECT
    count(*) FILTER (WHERE cr.removed_at IS NULL) AS active,
    count(*) FILTER (WHERE cr.removed_at IS NOT NULL) AS removed,
    max(cr.risk_score) FILTER (WHERE cr.removed_at IS NULL) AS max_risk,
    max(cr.accessed_at) AS last_used_at,
    bool_or(cr.owner_is_member = false AND cr.removed_at IS NULL) AS owner_left
  FROM public.credentials cr
  WHERE cr.org_id = p.org_id AND lower(cr.login) = p.key
) c ON true
LEFT JOIN LATERAL (
  SELECT count(*) FILTER (WHERE pr.status = 'pending') AS pending
  FROM public.pat_requests pr
  WHERE pr.org_id = p.org_id AND lower(pr.owner_login) = p.key
) q ON true;
--> statement-breakpoint
-- The audit log as written (append-only); keys that could ever hold a secret are cut from details.
CREATE VIEW patwarden.audit AS
SELECT
  a.id,
  a.at,
  o.login AS org,
  a.org_id,
  a.actor,
  a.actor_type,
  a.action,
  a.target_type,
  a.target_id,
  a.reason,
  a.result,
  a.details - ARRAY['secret', 'password', 'token', 'access_token', 'private_key', 'raw'] AS details
FROM public.audit_log a
LEFT JOIN public.orgs o ON o.id = a.org_id;
