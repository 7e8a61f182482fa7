ALTER TABLE `exceptions` ADD `request_hash` text;--> statement-breakpoint
ALTER TABLE `grants` ADD `request_hash` text;--> statement-breakpoint
ALTER TABLE `resolution_log` ADD `request_hash` text;--> statement-breakpoint
ALTER TABLE `tenants` ADD `reveals_per_hour` integer DEFAULT 60 NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `invite_hash` text;--> statement-breakpoint
ALTER TABLE `users` ADD `invite_expires_at` integer;--> statement-breakpoint
-- Idempotency keys are scoped to their author ("u:<user>:<key>"); keys the server makes live apart ("srv:…").
UPDATE grants SET idempotency_key = 'srv:exception:' || exception_id WHERE exception_id IS NOT NULL;--> statement-breakpoint
UPDATE grants SET idempotency_key = 'u:' || user_id || ':' || idempotency_key WHERE exception_id IS NULL;--> statement-breakpoint
UPDATE exceptions SET idempotency_key = 'u:' || agent_id || ':' || idempotency_key;--> statement-breakpoint
UPDATE resolution_log SET idempotency_key = 'u:' || agent_id || ':' || idempotency_key WHERE kind IN ('resolution', 'correction') AND agent_id IS NOT NULL;--> statement-breakpoint
UPDATE resolution_log SET idempotency_key = 'srv:' || idempotency_key WHERE kind NOT IN ('resolution', 'correction');
