-- When the event naming a call's agent happened: a later ringing or answer naming another agent (a transfer keeping
-- the contact's id) moves the call to them, an older one arriving late does not. Calls already named an agent take
-- the time they became theirs as best known. The index finds an agent's newer calls.
ALTER TABLE `calls` ADD `agent_at` integer;--> statement-breakpoint
CREATE INDEX `calls_agent` ON `calls` (`tenant_id`,`platform`,`agent_user_id`,`agent_at`);--> statement-breakpoint
UPDATE `calls` SET `agent_at` = coalesce(`connected_at`, `ringing_at`, `updated_at`) WHERE `agent_user_id` IS NOT NULL;
