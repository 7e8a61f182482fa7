CREATE TABLE "exception_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"exception_id" text NOT NULL,
	"at" bigint NOT NULL,
	"kind" text NOT NULL,
	"level" text,
	"user_id" text,
	"message" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exceptions" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"customer_id" text NOT NULL,
	"agent_id" text NOT NULL,
	"team" text NOT NULL,
	"action" text NOT NULL,
	"amount_cents" integer NOT NULL,
	"reason_code" text,
	"note" text NOT NULL,
	"policy_reason" text NOT NULL,
	"policy_version" integer NOT NULL,
	"interaction_id" text,
	"level" text NOT NULL,
	"sla_seconds" integer NOT NULL,
	"due_at" bigint NOT NULL,
	"status" text NOT NULL,
	"decided_by" text,
	"decision_note" text,
	"counter_action" text,
	"counter_amount_cents" integer,
	"grant_id" text,
	"created_at" bigint NOT NULL,
	"decided_at" bigint
);
--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "exception_id" text;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "approved_by" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "approval_level" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "on_duty" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "exception_events" ADD CONSTRAINT "exception_events_exception_id_exceptions_id_fk" FOREIGN KEY ("exception_id") REFERENCES "public"."exceptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exceptions" ADD CONSTRAINT "exceptions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exceptions" ADD CONSTRAINT "exceptions_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exceptions" ADD CONSTRAINT "exceptions_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "exception_events_exception" ON "exception_events" USING btree ("exception_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "exceptions_idempotency" ON "exceptions" USING btree ("tenant_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "exceptions_pending" ON "exceptions" USING btree ("tenant_id","status","due_at");--> statement-breakpoint
CREATE INDEX "exceptions_agent" ON "exceptions" USING btree ("tenant_id","agent_id","created_at");