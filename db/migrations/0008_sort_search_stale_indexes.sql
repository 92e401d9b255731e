-- Dashboard queries at 1M grants (docs/benchmarks.md): sort indexes ending in the id tie-break (a
-- page is an index scan in either direction), one range index each for stale and expired/expiring,
-- trigram indexes for search. pg_trgm ships with Postgres (contrib) and PGlite (loaded in db/client.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
DROP INDEX "grants_active_expired_flag_idx";--> statement-breakpoint
DROP INDEX "grants_active_last_used_idx";--> statement-breakpoint
DROP INDEX "grants_active_expires_idx";--> statement-breakpoint
DROP INDEX "grants_active_granted_idx";--> statement-breakpoint
DROP INDEX "grants_active_risk_idx";--> statement-breakpoint
DROP INDEX "grants_active_owner_left_idx";--> statement-breakpoint
DROP INDEX "grants_active_selection_idx";--> statement-breakpoint
CREATE INDEX "grants_active_owner_sort_idx" ON "grants" USING btree ("org_id",lower("owner_login") collate "C","id") WHERE "grants"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "grants_active_name_sort_idx" ON "grants" USING btree ("org_id",lower("token_name") collate "C","id") WHERE "grants"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "grants_active_stale_idx" ON "grants" USING btree ("org_id",coalesce("token_last_used_at", "access_granted_at"),"token_last_used_at","access_granted_at","token_expires_at") WHERE "grants"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "grants_active_effective_expiry_idx" ON "grants" USING btree ("org_id",(case when "token_expired" then '-infinity'::timestamptz else "token_expires_at" end),"token_expired","token_expires_at") WHERE "grants"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "grants_token_name_trgm" ON "grants" USING gin ("token_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "grants_owner_login_trgm" ON "grants" USING gin ("owner_login" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "grants_removed_granted_idx" ON "grants" USING btree ("org_id","access_granted_at","id") WHERE "grants"."removed_at" is not null;--> statement-breakpoint
CREATE INDEX "grants_active_last_used_idx" ON "grants" USING btree ("org_id","token_last_used_at" NULLS FIRST,"id") WHERE "grants"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "grants_active_expires_idx" ON "grants" USING btree ("org_id","token_expires_at","id") WHERE "grants"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "grants_active_granted_idx" ON "grants" USING btree ("org_id","access_granted_at","id") WHERE "grants"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "grants_active_risk_idx" ON "grants" USING btree ("org_id","risk_score","id") WHERE "grants"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "grants_active_owner_left_idx" ON "grants" USING btree ("org_id","access_granted_at","id","risk_score") WHERE "grants"."removed_at" is null and "grants"."owner_is_member" = false;--> statement-breakpoint
CREATE INDEX "grants_active_selection_idx" ON "grants" USING btree ("org_id","repository_selection","id") WHERE "grants"."removed_at" is null;--> statement-breakpoint
-- As in 0007: Postgres ignores the statistics of partial expression indexes, so without these it
-- guesses a third of the rows for any stale or expiry range.
CREATE STATISTICS IF NOT EXISTS "grants_stale_stats" ON (coalesce("token_last_used_at", "access_granted_at")) FROM "grants";--> statement-breakpoint
CREATE STATISTICS IF NOT EXISTS "grants_effective_expiry_stats" ON ((case when "token_expired" then '-infinity'::timestamptz else "token_expires_at" end)) FROM "grants";
