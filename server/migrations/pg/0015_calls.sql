CREATE TABLE "calls" (
	"tenant_id" text NOT NULL,
	"platform" text NOT NULL,
	"contact_id" text NOT NULL,
	"channel" text NOT NULL,
	"state" text NOT NULL,
	"caller_e164" text,
	"customer_id" text,
	"agent_user_id" text,
	"ringing_at" bigint,
	"connected_at" bigint,
	"after_call_at" bigint,
	"ended_at" bigint,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "calls_tenant_id_platform_contact_id_pk" PRIMARY KEY("tenant_id","platform","contact_id")
);
--> statement-breakpoint
CREATE TABLE "platform_connections" (
	"tenant_id" text NOT NULL,
	"platform" text NOT NULL,
	"settings" jsonb NOT NULL,
	"secret" text NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "platform_connections_tenant_id_platform_pk" PRIMARY KEY("tenant_id","platform")
);
--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_agent_user_id_users_id_fk" FOREIGN KEY ("agent_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform_connections" ADD CONSTRAINT "platform_connections_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "calls_customer" ON "calls" USING btree ("tenant_id","customer_id");