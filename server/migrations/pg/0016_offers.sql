CREATE TABLE "offer_outcomes" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"offer_id" text NOT NULL,
	"segment" text NOT NULL,
	"accepted" boolean NOT NULL,
	"interaction_id" text,
	"customer_id" text NOT NULL,
	"user_id" text NOT NULL,
	"occurred_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "offer_stats" (
	"tenant_id" text NOT NULL,
	"offer_id" text NOT NULL,
	"segment" text NOT NULL,
	"accepted" integer NOT NULL,
	"declined" integer NOT NULL,
	CONSTRAINT "offer_stats_tenant_id_offer_id_segment_pk" PRIMARY KEY("tenant_id","offer_id","segment")
);
--> statement-breakpoint
CREATE TABLE "offer_versions" (
	"tenant_id" text NOT NULL,
	"version" integer NOT NULL,
	"offers" jsonb NOT NULL,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "offer_versions_tenant_id_version_pk" PRIMARY KEY("tenant_id","version")
);
--> statement-breakpoint
ALTER TABLE "offer_outcomes" ADD CONSTRAINT "offer_outcomes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_outcomes" ADD CONSTRAINT "offer_outcomes_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_outcomes" ADD CONSTRAINT "offer_outcomes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_stats" ADD CONSTRAINT "offer_stats_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_versions" ADD CONSTRAINT "offer_versions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_versions" ADD CONSTRAINT "offer_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "offer_outcomes_once" ON "offer_outcomes" USING btree ("tenant_id","interaction_id","offer_id");--> statement-breakpoint
CREATE INDEX "offer_outcomes_customer" ON "offer_outcomes" USING btree ("tenant_id","customer_id");