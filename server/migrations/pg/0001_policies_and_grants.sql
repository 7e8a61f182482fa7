CREATE TABLE "grants" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"customer_id" text NOT NULL,
	"user_id" text NOT NULL,
	"team" text NOT NULL,
	"agent_level" integer NOT NULL,
	"customer_tier" text NOT NULL,
	"customer_flags" jsonb NOT NULL,
	"action" text NOT NULL,
	"amount_cents" integer NOT NULL,
	"reason_code" text,
	"policy_version" integer NOT NULL,
	"interaction_id" text,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_versions" (
	"tenant_id" text NOT NULL,
	"version" integer NOT NULL,
	"effective_from" bigint NOT NULL,
	"document" jsonb NOT NULL,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "policy_versions_tenant_id_version_pk" PRIMARY KEY("tenant_id","version")
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "flags" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "agent_level" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "team" text DEFAULT 'default' NOT NULL;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_versions" ADD CONSTRAINT "policy_versions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_versions" ADD CONSTRAINT "policy_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "grants_idempotency" ON "grants" USING btree ("tenant_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "grants_agent_day" ON "grants" USING btree ("tenant_id","user_id","created_at");--> statement-breakpoint
CREATE INDEX "grants_team_day" ON "grants" USING btree ("tenant_id","team","created_at");--> statement-breakpoint
CREATE INDEX "grants_customer_action" ON "grants" USING btree ("tenant_id","customer_id","action","created_at");