CREATE TABLE "audit_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"actor_id" text NOT NULL,
	"action" text NOT NULL,
	"target" text NOT NULL,
	"detail" jsonb,
	"at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversation_scores" (
	"tenant_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"ticket_ref" text NOT NULL,
	"message_hash" text NOT NULL,
	"at" bigint NOT NULL,
	"score" double precision NOT NULL,
	CONSTRAINT "conversation_scores_tenant_id_ticket_ref_message_hash_pk" PRIMARY KEY("tenant_id","ticket_ref","message_hash")
);
--> statement-breakpoint
CREATE TABLE "customer_merges" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"from_customer" text NOT NULL,
	"into_customer" text NOT NULL,
	"moved" jsonb NOT NULL,
	"reason" text NOT NULL,
	"merged_by" text NOT NULL,
	"merged_at" bigint NOT NULL,
	"unmerged_by" text,
	"unmerged_at" bigint
);
--> statement-breakpoint
CREATE TABLE "identity_conflicts" (
	"id" serial PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"held_by" text NOT NULL,
	"claimed_by" text NOT NULL,
	"source" text NOT NULL,
	"created_at" bigint NOT NULL,
	"resolved_at" bigint
);
--> statement-breakpoint
CREATE TABLE "import_jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"kind" text NOT NULL,
	"file_sha256" text NOT NULL,
	"last_line" integer DEFAULT 0 NOT NULL,
	"imported" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"started_at" bigint NOT NULL,
	"finished_at" bigint
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "consent" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "merged_into" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_scores" ADD CONSTRAINT "conversation_scores_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_scores" ADD CONSTRAINT "conversation_scores_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_merges" ADD CONSTRAINT "customer_merges_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_merges" ADD CONSTRAINT "customer_merges_from_customer_customers_id_fk" FOREIGN KEY ("from_customer") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_merges" ADD CONSTRAINT "customer_merges_into_customer_customers_id_fk" FOREIGN KEY ("into_customer") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_merges" ADD CONSTRAINT "customer_merges_merged_by_users_id_fk" FOREIGN KEY ("merged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_conflicts" ADD CONSTRAINT "identity_conflicts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_conflicts" ADD CONSTRAINT "identity_conflicts_held_by_customers_id_fk" FOREIGN KEY ("held_by") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_conflicts" ADD CONSTRAINT "identity_conflicts_claimed_by_customers_id_fk" FOREIGN KEY ("claimed_by") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_tenant_at" ON "audit_log" USING btree ("tenant_id","at");--> statement-breakpoint
CREATE INDEX "conversation_scores_customer" ON "conversation_scores" USING btree ("tenant_id","customer_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "identity_conflicts_pair" ON "identity_conflicts" USING btree ("tenant_id","kind","value","claimed_by");--> statement-breakpoint
CREATE INDEX "identity_conflicts_held" ON "identity_conflicts" USING btree ("tenant_id","held_by");--> statement-breakpoint
CREATE UNIQUE INDEX "import_jobs_file" ON "import_jobs" USING btree ("tenant_id","kind","file_sha256");