CREATE TABLE "grant_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_id" bigint NOT NULL,
	"grant_id" bigint NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inventory_snapshots" (
	"org_id" bigint NOT NULL,
	"day" text NOT NULL,
	"taken_at" timestamp with time zone DEFAULT now() NOT NULL,
	"active_grants" integer NOT NULL,
	"stale_grants" integer NOT NULL,
	"never_used_grants" integer NOT NULL,
	"no_expiry_grants" integer NOT NULL,
	"expired_grants" integer NOT NULL,
	"owner_left_grants" integer NOT NULL,
	"high_risk_grants" integer NOT NULL,
	"pending_requests" integer NOT NULL,
	"revoked_that_day" integer NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "inventory_snapshots_org_id_day_pk" PRIMARY KEY("org_id","day")
);
--> statement-breakpoint
CREATE TABLE "job_states" (
	"org_id" bigint NOT NULL,
	"job" text NOT NULL,
	"last_started_at" timestamp with time zone,
	"last_finished_at" timestamp with time zone,
	"last_outcome" text,
	"last_error" text,
	"next_run_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "job_states_org_id_job_pk" PRIMARY KEY("org_id","job")
);
--> statement-breakpoint
CREATE TABLE "owner_notices" (
	"org_id" bigint NOT NULL,
	"owner_login" text NOT NULL,
	"repository" text NOT NULL,
	"issue_number" integer NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"body_hash" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "owner_notices_org_id_owner_login_repository_pk" PRIMARY KEY("org_id","owner_login","repository")
);
--> statement-breakpoint
CREATE TABLE "policy_configs" (
	"org_id" bigint PRIMARY KEY NOT NULL,
	"status" text DEFAULT 'default' NOT NULL,
	"repository" text DEFAULT '.github' NOT NULL,
	"path" text DEFAULT '.github/patwarden.yml' NOT NULL,
	"sha" text,
	"source" text,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_run_items" (
	"run_id" bigint NOT NULL,
	"org_id" bigint NOT NULL,
	"grant_id" bigint NOT NULL,
	"rule" text NOT NULL,
	"mode" text NOT NULL,
	"outcome" text NOT NULL,
	"detail" text,
	"owner_login" text NOT NULL,
	"token_name" text NOT NULL,
	CONSTRAINT "policy_run_items_run_id_grant_id_rule_pk" PRIMARY KEY("run_id","grant_id","rule")
);
--> statement-breakpoint
CREATE TABLE "policy_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_id" bigint NOT NULL,
	"trigger" text NOT NULL,
	"actor" text NOT NULL,
	"dry_run" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"evaluated_at" timestamp with time zone NOT NULL,
	"config_sha" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"summary" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"revocation_job_id" bigint,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "policy_warnings" (
	"org_id" bigint NOT NULL,
	"grant_id" bigint NOT NULL,
	"rule" text NOT NULL,
	"owner_login" text NOT NULL,
	"mode" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"warned_at" timestamp with time zone NOT NULL,
	"revoke_after" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"last_run_id" bigint,
	CONSTRAINT "policy_warnings_org_id_grant_id_rule_pk" PRIMARY KEY("org_id","grant_id","rule")
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_id" bigint NOT NULL,
	"trigger" text NOT NULL,
	"requested_by" text NOT NULL,
	"generated_at" timestamp with time zone NOT NULL,
	"period_start" timestamp with time zone,
	"previous_report_id" bigint,
	"schema_version" integer NOT NULL,
	"summary" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"document" jsonb NOT NULL,
	"delivery" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "risk_score" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "risk_reasons" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "inventory_snapshots" ADD CONSTRAINT "inventory_snapshots_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_states" ADD CONSTRAINT "job_states_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "owner_notices" ADD CONSTRAINT "owner_notices_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_configs" ADD CONSTRAINT "policy_configs_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_run_items" ADD CONSTRAINT "policy_run_items_run_id_policy_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."policy_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_runs" ADD CONSTRAINT "policy_runs_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_warnings" ADD CONSTRAINT "policy_warnings_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "grant_events_grant_idx" ON "grant_events" USING btree ("org_id","grant_id","at");--> statement-breakpoint
CREATE INDEX "policy_run_items_grant_idx" ON "policy_run_items" USING btree ("org_id","grant_id");--> statement-breakpoint
CREATE INDEX "policy_runs_org_started_idx" ON "policy_runs" USING btree ("org_id","started_at");--> statement-breakpoint
CREATE INDEX "policy_warnings_open_idx" ON "policy_warnings" USING btree ("org_id","owner_login") WHERE "policy_warnings"."status" = 'open';--> statement-breakpoint
CREATE INDEX "reports_org_generated_idx" ON "reports" USING btree ("org_id","generated_at");--> statement-breakpoint
CREATE INDEX "grants_active_risk_idx" ON "grants" USING btree ("org_id","risk_score") WHERE "grants"."removed_at" is null;