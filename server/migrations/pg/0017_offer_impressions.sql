CREATE TABLE "offer_impressions" (
	"tenant_id" text NOT NULL,
	"interaction_id" text NOT NULL,
	"offer_id" text NOT NULL,
	"user_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"action" text,
	"amount_cents" integer,
	"mode" text NOT NULL,
	"first_shown_at" bigint NOT NULL,
	CONSTRAINT "offer_impressions_tenant_id_interaction_id_offer_id_pk" PRIMARY KEY("tenant_id","interaction_id","offer_id")
);
--> statement-breakpoint
ALTER TABLE "offer_impressions" ADD CONSTRAINT "offer_impressions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_impressions" ADD CONSTRAINT "offer_impressions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_impressions" ADD CONSTRAINT "offer_impressions_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "offer_impressions_shown" ON "offer_impressions" USING btree ("tenant_id","first_shown_at");--> statement-breakpoint
CREATE INDEX "offer_impressions_customer" ON "offer_impressions" USING btree ("tenant_id","customer_id");