CREATE INDEX "grant_repositories_lower_name_idx" ON "grant_repositories" USING btree ("org_id",lower("name"),"grant_id");--> statement-breakpoint
CREATE INDEX "grants_active_owner_lower_idx" ON "grants" USING btree ("org_id",lower("owner_login")) WHERE "grants"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "grants_active_never_used_granted_idx" ON "grants" USING btree ("org_id","access_granted_at") WHERE "grants"."removed_at" is null and "grants"."token_last_used_at" is null;--> statement-breakpoint
CREATE INDEX "grants_active_expired_flag_idx" ON "grants" USING btree ("org_id") WHERE "grants"."removed_at" is null and "grants"."token_expired";--> statement-breakpoint
CREATE INDEX "grants_active_owner_left_idx" ON "grants" USING btree ("org_id") WHERE "grants"."removed_at" is null and "grants"."owner_is_member" = false;--> statement-breakpoint
CREATE INDEX "grants_active_selection_idx" ON "grants" USING btree ("org_id","repository_selection") WHERE "grants"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "grants_removed_idx" ON "grants" USING btree ("org_id","removed_at") WHERE "grants"."removed_at" is not null;