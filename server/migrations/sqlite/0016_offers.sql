CREATE TABLE `offer_outcomes` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`offer_id` text NOT NULL,
	`segment` text NOT NULL,
	`accepted` integer NOT NULL,
	`interaction_id` text,
	`customer_id` text NOT NULL,
	`user_id` text NOT NULL,
	`occurred_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `offer_outcomes_once` ON `offer_outcomes` (`tenant_id`,`interaction_id`,`offer_id`);--> statement-breakpoint
CREATE INDEX `offer_outcomes_customer` ON `offer_outcomes` (`tenant_id`,`customer_id`);--> statement-breakpoint
CREATE TABLE `offer_stats` (
	`tenant_id` text NOT NULL,
	`offer_id` text NOT NULL,
	`segment` text NOT NULL,
	`accepted` integer NOT NULL,
	`declined` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `offer_id`, `segment`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `offer_versions` (
	`tenant_id` text NOT NULL,
	`version` integer NOT NULL,
	`offers` text NOT NULL,
	`note` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `version`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
