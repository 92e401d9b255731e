CREATE TABLE "sync_pages" (
	"org_id" bigint NOT NULL,
	"url" text NOT NULL,
	"resource" text NOT NULL,
	"parent_id" bigint,
	"etag" text NOT NULL,
	"item_ids" bigint[] NOT NULL,
	"next_url" text,
	"sweep_run_id" bigint,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_pages_org_id_url_pk" PRIMARY KEY("org_id","url")
);
--> statement-breakpoint
ALTER TABLE "sync_runs" ADD COLUMN "details" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "sync_pages" ADD CONSTRAINT "sync_pages_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sync_pages_parent_idx" ON "sync_pages" USING btree ("org_id","resource","parent_id");