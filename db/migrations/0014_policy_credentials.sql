CREATE TABLE "policy_credential_run_items" (
	"run_id" bigint NOT NULL,
	"org_id" bigint NOT NULL,
	"credential_id" bigint NOT NULL,
	"rule" text NOT NULL,
	"mode" text NOT NULL,
	"outcome" text NOT NULL,
	"detail" text,
	"login" text NOT NULL,
	"credential_type" text NOT NULL,
	"label" text NOT NULL,
	CONSTRAINT "policy_credential_run_items_run_id_credential_id_rule_pk" PRIMARY KEY("run_id","credential_id","rule")
);
--> statement-breakpoint
CREATE TABLE "policy_credential_warnings" (
	"org_id" bigint NOT NULL,
	"credential_id" bigint NOT NULL,
	"rule" text NOT NULL,
	"login" text NOT NULL,
	"mode" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"warned_at" timestamp with time zone NOT NULL,
	"revoke_after" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"last_run_id" bigint,
	CONSTRAINT "policy_credential_warnings_org_id_credential_id_rule_pk" PRIMARY KEY("org_id","credential_id","rule")
);
--> statement-breakpoint
ALTER TABLE "policy_credential_run_items" ADD CONSTRAINT "policy_credential_run_items_run_id_policy_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."policy_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_credential_warnings" ADD CONSTRAINT "policy_credential_warnings_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "policy_credential_run_items_credential_idx" ON "policy_credential_run_items" USING btree ("org_id","credential_id");--> statement-breakpoint
CREATE INDEX "policy_credential_warnings_open_idx" ON "policy_credential_warnings" USING btree ("org_id","login") WHERE "policy_credential_warnings"."status" = 'open';