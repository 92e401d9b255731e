-- The owner filter compares lower(owner_login). Postgres ignores the statistics of a *partial*
-- expression index (grants_active_owner_lower_idx), so it guessed 0.5% of rows per owner and, at
-- 1M grants, walked the whole access_granted_at index instead (19 s for a 3-grant owner in the
-- bench). Statistics on the expression itself give it the real number of distinct owners.
CREATE STATISTICS IF NOT EXISTS "grants_owner_lower_stats" ON (lower("owner_login")) FROM "grants";
