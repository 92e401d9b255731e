CREATE TABLE "credentials" (
	"org_id" bigint NOT NULL,
	"credential_id" bigint NOT NULL,
	"login" text NOT NULL,
	"credential_type" text NOT NULL,
	"token_last_eight" text,
	"scopes" text[] DEFAULT '{}'::text[] NOT NULL,
	"fingerprint" text,
	"authorized_at" timestamp with time zone NOT NULL,
	"accessed_at" timestamp with time zone,
	"authorized_credential_id" bigint,
	"title" text,
	"note" text,
	"expires_at" timestamp with time zone,
	"owner_is_member" boolean,
	"risk_score" integer DEFAULT 0 NOT NULL,
	"risk_reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_sync_id" bigint,
	"removed_at" timestamp with time zone,
	"removal_reason" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credentials_org_id_credential_id_pk" PRIMARY KEY("org_id","credential_id")
);
--> statement-breakpoint
ALTER TABLE "orgs" ADD COLUMN "credentials_status" text DEFAULT 'unknown' NOT NULL;--> statement-breakpoint
ALTER TABLE "orgs" ADD COLUMN "credentials_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "orgs" ADD COLUMN "credentials_detail" text;--> statement-breakpoint
ALTER TABLE "orgs" ADD COLUMN "last_credential_sync_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credentials_active_login_idx" ON "credentials" USING btree ("org_id",lower("login"),"credential_id") WHERE "credentials"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "credentials_active_accessed_idx" ON "credentials" USING btree ("org_id","accessed_at" NULLS FIRST,"credential_id") WHERE "credentials"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "credentials_active_authorized_idx" ON "credentials" USING btree ("org_id","authorized_at","credential_id") WHERE "credentials"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "credentials_active_risk_idx" ON "credentials" USING btree ("org_id","risk_score","credential_id") WHERE "credentials"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "credentials_scopes_gin" ON "credentials" USING gin ("scopes");--> statement-breakpoint
CREATE INDEX "credentials_login_all_orgs_idx" ON "credentials" USING btree (lower("login")) WHERE "credentials"."removed_at" is null;