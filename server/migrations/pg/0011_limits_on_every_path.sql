ALTER TABLE "exceptions" ADD COLUMN "request_hash" text;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "request_hash" text;--> statement-breakpoint
ALTER TABLE "resolution_log" ADD COLUMN "request_hash" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "reveals_per_hour" integer DEFAULT 60 NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "invite_hash" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "invite_expires_at" bigint;--> statement-breakpoint
-- Idempotency keys are scoped to their author ("u:<user>:<key>"); keys the server makes live apart ("srv:…").
UPDATE grants SET idempotency_key = 'srv:exception:' || exception_id WHERE exception_id IS NOT NULL;--> statement-breakpoint
UPDATE grants SET idempotency_key = 'u:' || user_id || ':' || idempotency_key WHERE exception_id IS NULL;--> statement-breakpoint
UPDATE exceptions SET idempotency_key = 'u:' || agent_id || ':' || idempotency_key;--> statement-breakpoint
UPDATE resolution_log SET idempotency_key = 'u:' || agent_id || ':' || idempotency_key WHERE kind IN ('resolution', 'correction') AND agent_id IS NOT NULL;--> statement-breakpoint
UPDATE resolution_log SET idempotency_key = 'srv:' || idempotency_key WHERE kind NOT IN ('resolution', 'correction');
