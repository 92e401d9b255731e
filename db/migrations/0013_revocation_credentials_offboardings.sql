CREATE TABLE "offboardings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"login" text NOT NULL,
	"reason" text NOT NULL,
	"requested_by" text NOT NULL,
	"actor_type" text NOT NULL,
	"orgs" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "revocation_credential_items" (
	"job_id" bigint NOT NULL,
	"org_id" bigint NOT NULL,
	"credential_id" bigint NOT NULL,
	"login" text NOT NULL,
	"credential_type" text NOT NULL,
	"token_last_eight" text,
	"title" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "revocation_credential_items_job_id_credential_id_pk" PRIMARY KEY("job_id","credential_id")
);
--> statement-breakpoint
ALTER TABLE "revocation_jobs" ADD COLUMN "offboarding_id" bigint;--> statement-breakpoint
ALTER TABLE "revocation_credential_items" ADD CONSTRAINT "revocation_credential_items_job_id_revocation_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."revocation_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "offboardings_login_idx" ON "offboardings" USING btree (lower("login"),"id");--> statement-breakpoint
CREATE INDEX "revocation_credential_items_credential_idx" ON "revocation_credential_items" USING btree ("org_id","credential_id");--> statement-breakpoint
ALTER TABLE "revocation_jobs" ADD CONSTRAINT "revocation_jobs_offboarding_id_offboardings_id_fk" FOREIGN KEY ("offboarding_id") REFERENCES "public"."offboardings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "revocation_jobs_offboarding_idx" ON "revocation_jobs" USING btree ("offboarding_id") WHERE "revocation_jobs"."offboarding_id" is not null;