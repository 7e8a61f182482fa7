CREATE TABLE "qa_calibration_scores" (
	"calibration_id" text NOT NULL,
	"auditor_id" text NOT NULL,
	"resolution_id" text NOT NULL,
	"scores" jsonb NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "qa_calibration_scores_calibration_id_auditor_id_resolution_id_pk" PRIMARY KEY("calibration_id","auditor_id","resolution_id")
);
--> statement-breakpoint
CREATE TABLE "qa_calibrations" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"resolution_ids" jsonb NOT NULL,
	"scorecard_version" integer NOT NULL,
	"created_by" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "qa_dispute_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"dispute_id" text NOT NULL,
	"at" bigint NOT NULL,
	"kind" text NOT NULL,
	"user_id" text NOT NULL,
	"message" text NOT NULL,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "qa_disputes" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"review_id" text NOT NULL,
	"agent_id" text NOT NULL,
	"criteria" jsonb NOT NULL,
	"reason" text NOT NULL,
	"status" text NOT NULL,
	"decided_by" text,
	"decision_note" text,
	"created_at" bigint NOT NULL,
	"decided_at" bigint
);
--> statement-breakpoint
CREATE TABLE "qa_integrity_checks" (
	"id" serial PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"at" bigint NOT NULL,
	"ok" boolean NOT NULL,
	"entries" integer NOT NULL,
	"problem" text,
	"checked_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "qa_picks" (
	"tenant_id" text NOT NULL,
	"resolution_id" text NOT NULL,
	"queue_id" text NOT NULL,
	"agent_id" text NOT NULL,
	"why" jsonb NOT NULL,
	"resolved_at" bigint NOT NULL,
	"review_id" text,
	"picked_at" bigint NOT NULL,
	CONSTRAINT "qa_picks_tenant_id_resolution_id_pk" PRIMARY KEY("tenant_id","resolution_id")
);
--> statement-breakpoint
CREATE TABLE "qa_queues" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"rules" jsonb NOT NULL,
	"from_at" bigint NOT NULL,
	"to_at" bigint NOT NULL,
	"created_by" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "qa_reviews" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"resolution_id" text NOT NULL,
	"agent_id" text NOT NULL,
	"reviewer_id" text NOT NULL,
	"scorecard_version" integer NOT NULL,
	"scores" jsonb NOT NULL,
	"quality" double precision NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"status" text NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "qa_scorecards" (
	"tenant_id" text NOT NULL,
	"version" integer NOT NULL,
	"criteria" jsonb NOT NULL,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "qa_scorecards_tenant_id_version_pk" PRIMARY KEY("tenant_id","version")
);
--> statement-breakpoint
ALTER TABLE "qa_calibrations" ADD CONSTRAINT "qa_calibrations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qa_disputes" ADD CONSTRAINT "qa_disputes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qa_integrity_checks" ADD CONSTRAINT "qa_integrity_checks_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qa_picks" ADD CONSTRAINT "qa_picks_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qa_queues" ADD CONSTRAINT "qa_queues_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qa_reviews" ADD CONSTRAINT "qa_reviews_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qa_scorecards" ADD CONSTRAINT "qa_scorecards_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "qa_calibrations_tenant" ON "qa_calibrations" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "qa_dispute_events_dispute" ON "qa_dispute_events" USING btree ("dispute_id","at");--> statement-breakpoint
CREATE INDEX "qa_disputes_tenant" ON "qa_disputes" USING btree ("tenant_id","status","created_at");--> statement-breakpoint
CREATE INDEX "qa_disputes_review" ON "qa_disputes" USING btree ("review_id");--> statement-breakpoint
CREATE INDEX "qa_integrity_checks_tenant" ON "qa_integrity_checks" USING btree ("tenant_id","at");--> statement-breakpoint
CREATE INDEX "qa_picks_queue" ON "qa_picks" USING btree ("tenant_id","queue_id");--> statement-breakpoint
CREATE INDEX "qa_queues_tenant" ON "qa_queues" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "qa_reviews_resolution" ON "qa_reviews" USING btree ("tenant_id","resolution_id");--> statement-breakpoint
CREATE INDEX "qa_reviews_agent" ON "qa_reviews" USING btree ("tenant_id","agent_id","created_at");--> statement-breakpoint
CREATE INDEX "qa_reviews_time" ON "qa_reviews" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "resolution_log_kind_time" ON "resolution_log" USING btree ("tenant_id","kind","created_at");--> statement-breakpoint
CREATE INDEX "resolution_log_ref" ON "resolution_log" USING btree ("tenant_id","ref_id");