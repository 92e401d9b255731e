CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"org_id" bigint,
	"actor" text NOT NULL,
	"actor_type" text NOT NULL,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"reason" text,
	"result" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grant_repositories" (
	"org_id" bigint NOT NULL,
	"grant_id" bigint NOT NULL,
	"repository_id" bigint NOT NULL,
	"name" text NOT NULL,
	"full_name" text NOT NULL,
	"private" boolean NOT NULL,
	CONSTRAINT "grant_repositories_org_id_grant_id_repository_id_pk" PRIMARY KEY("org_id","grant_id","repository_id")
);
--> statement-breakpoint
CREATE TABLE "grants" (
	"org_id" bigint NOT NULL,
	"id" bigint NOT NULL,
	"token_id" bigint NOT NULL,
	"token_name" text NOT NULL,
	"owner_id" bigint NOT NULL,
	"owner_login" text NOT NULL,
	"owner_avatar_url" text,
	"owner_type" text,
	"repository_selection" text NOT NULL,
	"repositories_url" text NOT NULL,
	"permissions" jsonb NOT NULL,
	"permission_tokens" text[] DEFAULT '{}'::text[] NOT NULL,
	"access_granted_at" timestamp with time zone NOT NULL,
	"token_expired" boolean NOT NULL,
	"token_expires_at" timestamp with time zone,
	"token_last_used_at" timestamp with time zone,
	"repository_count" integer,
	"owner_is_member" boolean,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_sync_id" bigint,
	"removed_at" timestamp with time zone,
	"removal_reason" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "grants_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "installations" (
	"id" bigint PRIMARY KEY NOT NULL,
	"account_id" bigint NOT NULL,
	"account_login" text NOT NULL,
	"account_type" text NOT NULL,
	"repository_selection" text NOT NULL,
	"permissions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"events" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"suspended_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org_members" (
	"org_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"login" text NOT NULL,
	"role" text,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_sync_id" bigint,
	"removed_at" timestamp with time zone,
	CONSTRAINT "org_members_org_id_user_id_pk" PRIMARY KEY("org_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "orgs" (
	"id" bigint PRIMARY KEY NOT NULL,
	"login" text NOT NULL,
	"installation_id" bigint,
	"sync_paused" boolean DEFAULT false NOT NULL,
	"sync_lock_owner" text,
	"sync_lock_until" timestamp with time zone,
	"last_full_sync_at" timestamp with time zone,
	"last_sync_at" timestamp with time zone,
	"etags" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pat_requests" (
	"org_id" bigint NOT NULL,
	"id" bigint NOT NULL,
	"token_id" bigint NOT NULL,
	"token_name" text NOT NULL,
	"owner_id" bigint NOT NULL,
	"owner_login" text NOT NULL,
	"owner_avatar_url" text,
	"reason" text,
	"repository_selection" text NOT NULL,
	"repositories_url" text,
	"permissions" jsonb NOT NULL,
	"permission_tokens" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"token_expired" boolean NOT NULL,
	"token_expires_at" timestamp with time zone,
	"token_last_used_at" timestamp with time zone,
	"repository_count" integer,
	"status" text DEFAULT 'pending' NOT NULL,
	"resolved_at" timestamp with time zone,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_sync_id" bigint,
	CONSTRAINT "pat_requests_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "request_repositories" (
	"org_id" bigint NOT NULL,
	"request_id" bigint NOT NULL,
	"repository_id" bigint NOT NULL,
	"name" text NOT NULL,
	"full_name" text NOT NULL,
	"private" boolean NOT NULL,
	CONSTRAINT "request_repositories_org_id_request_id_repository_id_pk" PRIMARY KEY("org_id","request_id","repository_id")
);
--> statement-breakpoint
CREATE TABLE "sync_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"trigger" text DEFAULT 'manual' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"duration_ms" integer,
	"api_calls" integer DEFAULT 0 NOT NULL,
	"not_modified" integer DEFAULT 0 NOT NULL,
	"rate_limit_spent" integer DEFAULT 0 NOT NULL,
	"rate_limit_remaining" integer,
	"grants_seen" integer DEFAULT 0 NOT NULL,
	"grants_added" integer DEFAULT 0 NOT NULL,
	"grants_updated" integer DEFAULT 0 NOT NULL,
	"grants_removed" integer DEFAULT 0 NOT NULL,
	"requests_seen" integer DEFAULT 0 NOT NULL,
	"members_seen" integer DEFAULT 0 NOT NULL,
	"active_grants" integer,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"delivery_id" text PRIMARY KEY NOT NULL,
	"event" text NOT NULL,
	"action" text,
	"installation_id" bigint,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"outcome" text DEFAULT 'processing' NOT NULL,
	"error" text
);
--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_members" ADD CONSTRAINT "org_members_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orgs" ADD CONSTRAINT "orgs_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pat_requests" ADD CONSTRAINT "pat_requests_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_org_at_idx" ON "audit_log" USING btree ("org_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_target_idx" ON "audit_log" USING btree ("org_id","target_type","target_id");--> statement-breakpoint
CREATE INDEX "grant_repositories_by_name_idx" ON "grant_repositories" USING btree ("org_id","name");--> statement-breakpoint
CREATE INDEX "grants_active_owner_idx" ON "grants" USING btree ("org_id","owner_login") WHERE "grants"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "grants_active_last_used_idx" ON "grants" USING btree ("org_id","token_last_used_at") WHERE "grants"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "grants_active_expires_idx" ON "grants" USING btree ("org_id","token_expires_at") WHERE "grants"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "grants_active_granted_idx" ON "grants" USING btree ("org_id","access_granted_at") WHERE "grants"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "grants_permission_tokens_gin" ON "grants" USING gin ("permission_tokens");--> statement-breakpoint
CREATE INDEX "grants_token_id_idx" ON "grants" USING btree ("org_id","token_id");--> statement-breakpoint
CREATE INDEX "org_members_login_idx" ON "org_members" USING btree ("org_id",lower("login"));--> statement-breakpoint
CREATE UNIQUE INDEX "orgs_login_lower_uq" ON "orgs" USING btree (lower("login"));--> statement-breakpoint
CREATE INDEX "pat_requests_pending_idx" ON "pat_requests" USING btree ("org_id","created_at") WHERE "pat_requests"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "sync_runs_org_started_idx" ON "sync_runs" USING btree ("org_id","started_at");