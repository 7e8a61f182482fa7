CREATE TABLE `customer_keys` (
	`customer_id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`wrapped_key` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `resolution_log` (
	`tenant_id` text NOT NULL,
	`seq` integer NOT NULL,
	`id` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`kind` text NOT NULL,
	`ref_id` text,
	`customer_id` text,
	`ticket_ref` text,
	`agent_id` text,
	`payload` text,
	`payload_digest` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`pruned_at` integer,
	PRIMARY KEY(`tenant_id`, `seq`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `resolution_log_idempotency` ON `resolution_log` (`tenant_id`,`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `resolution_log_id` ON `resolution_log` (`id`);--> statement-breakpoint
CREATE INDEX `resolution_log_ticket` ON `resolution_log` (`tenant_id`,`ticket_ref`);--> statement-breakpoint
CREATE INDEX `resolution_log_customer` ON `resolution_log` (`tenant_id`,`customer_id`);--> statement-breakpoint
ALTER TABLE `customers` ADD `erased_at` integer;--> statement-breakpoint
ALTER TABLE `tenants` ADD `retention_days` integer;--> statement-breakpoint
ALTER TABLE `tenants` ADD `log_head_seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `tenants` ADD `log_head_hash` text;