CREATE TABLE "revocation_items" (
	"job_id" bigint NOT NULL,
	"org_id" bigint NOT NULL,
	"grant_id" bigint NOT NULL,
	"token_id" bigint NOT NULL,
	"token_name" text NOT NULL,
	"owner_login" text NOT NULL,
	"batch" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "revocation_items_job_id_grant_id_pk" PRIMARY KEY("job_id","grant_id")
);
--> statement-breakpoint
CREATE TABLE "revocation_jobs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_id" bigint NOT NULL,
	"requested_by" text NOT NULL,
	"actor_type" text NOT NULL,
	"reason" text NOT NULL,
	"selection" jsonb NOT NULL,
	"method" text DEFAULT 'bulk' NOT NULL,
	"dry_run" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"total" integer NOT NULL,
	"batches" integer NOT NULL,
	"revoked" integer DEFAULT 0 NOT NULL,
	"already_gone" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "revocation_items" ADD CONSTRAINT "revocation_items_job_id_revocation_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."revocation_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "revocation_jobs" ADD CONSTRAINT "revocation_jobs_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "revocation_items_job_batch_idx" ON "revocation_items" USING btree ("job_id","batch");--> statement-breakpoint
CREATE INDEX "revocation_items_grant_idx" ON "revocation_items" USING btree ("org_id","grant_id");--> statement-breakpoint
CREATE INDEX "revocation_jobs_unfinished_idx" ON "revocation_jobs" USING btree ("status","id") WHERE "revocation_jobs"."status" in ('queued', 'running');--> statement-breakpoint
CREATE INDEX "revocation_jobs_org_created_idx" ON "revocation_jobs" USING btree ("org_id","created_at");