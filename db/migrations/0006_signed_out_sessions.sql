CREATE TABLE "signed_out_sessions" (
	"user_id" bigint NOT NULL,
	"signed_in_at" bigint NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "signed_out_sessions_user_id_signed_in_at_pk" PRIMARY KEY("user_id","signed_in_at")
);
--> statement-breakpoint
CREATE INDEX "signed_out_sessions_expires_idx" ON "signed_out_sessions" USING btree ("expires_at");