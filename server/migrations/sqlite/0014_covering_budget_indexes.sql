DROP INDEX `grants_agent_day`;--> statement-breakpoint
DROP INDEX `grants_team_day`;--> statement-breakpoint
DROP INDEX `grants_customer_action`;--> statement-breakpoint
CREATE INDEX `grants_agent_day` ON `grants` (`tenant_id`,`user_id`,`created_at`,`amount_cents`);--> statement-breakpoint
CREATE INDEX `grants_team_day` ON `grants` (`tenant_id`,`team`,`created_at`,`amount_cents`);--> statement-breakpoint
CREATE INDEX `grants_customer_action` ON `grants` (`tenant_id`,`customer_id`,`action`,`created_at`,`amount_cents`);