CREATE TABLE "org_summaries" (
	"org_id" bigint PRIMARY KEY NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"source_version" text NOT NULL,
	"counts" jsonb NOT NULL,
	"top_permissions" jsonb NOT NULL,
	"top_owners" jsonb NOT NULL,
	"compute_ms" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "org_summaries" ADD CONSTRAINT "org_summaries_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;