CREATE TABLE `erasure_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`requested_by` text NOT NULL,
	`requested_at` integer NOT NULL,
	`due_at` integer NOT NULL,
	`status` text NOT NULL,
	`erased_at` integer,
	`erased_by` text,
	`receipt` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `erasure_requests_tenant` ON `erasure_requests` (`tenant_id`,`status`,`due_at`);--> statement-breakpoint
CREATE TABLE `log_checkpoints` (
	`tenant_id` text NOT NULL,
	`seq` integer NOT NULL,
	`hash` text NOT NULL,
	`at` integer NOT NULL,
	`key_id` text NOT NULL,
	`signature` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `seq`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `tenants` ADD `erasure_deadline_days` integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE `tenants` ADD `checkpoint_every_entries` integer DEFAULT 1000 NOT NULL;--> statement-breakpoint
ALTER TABLE `tenants` ADD `checkpoint_every_minutes` integer DEFAULT 5 NOT NULL;