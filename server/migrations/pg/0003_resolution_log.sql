CREATE TABLE "customer_keys" (
	"customer_id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"wrapped_key" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resolution_log" (
	"tenant_id" text NOT NULL,
	"seq" integer NOT NULL,
	"id" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"kind" text NOT NULL,
	"ref_id" text,
	"customer_id" text,
	"ticket_ref" text,
	"agent_id" text,
	"payload" text,
	"payload_digest" text NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	"created_at" bigint NOT NULL,
	"pruned_at" bigint,
	CONSTRAINT "resolution_log_tenant_id_seq_pk" PRIMARY KEY("tenant_id","seq")
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "erased_at" bigint;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "retention_days" integer;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "log_head_seq" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "log_head_hash" text;--> statement-breakpoint
ALTER TABLE "customer_keys" ADD CONSTRAINT "customer_keys_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_keys" ADD CONSTRAINT "customer_keys_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolution_log" ADD CONSTRAINT "resolution_log_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "resolution_log_idempotency" ON "resolution_log" USING btree ("tenant_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "resolution_log_id" ON "resolution_log" USING btree ("id");--> statement-breakpoint
CREATE INDEX "resolution_log_ticket" ON "resolution_log" USING btree ("tenant_id","ticket_ref");--> statement-breakpoint
CREATE INDEX "resolution_log_customer" ON "resolution_log" USING btree ("tenant_id","customer_id");