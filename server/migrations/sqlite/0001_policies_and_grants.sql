CREATE TABLE `grants` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`customer_id` text NOT NULL,
	`user_id` text NOT NULL,
	`team` text NOT NULL,
	`agent_level` integer NOT NULL,
	`customer_tier` text NOT NULL,
	`customer_flags` text NOT NULL,
	`action` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`reason_code` text,
	`policy_version` integer NOT NULL,
	`interaction_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `grants_idempotency` ON `grants` (`tenant_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `grants_agent_day` ON `grants` (`tenant_id`,`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `grants_team_day` ON `grants` (`tenant_id`,`team`,`created_at`);--> statement-breakpoint
CREATE INDEX `grants_customer_action` ON `grants` (`tenant_id`,`customer_id`,`action`,`created_at`);--> statement-breakpoint
CREATE TABLE `policy_versions` (
	`tenant_id` text NOT NULL,
	`version` integer NOT NULL,
	`effective_from` integer NOT NULL,
	`document` text NOT NULL,
	`note` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `version`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `customers` ADD `flags` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `agent_level` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `team` text DEFAULT 'default' NOT NULL;