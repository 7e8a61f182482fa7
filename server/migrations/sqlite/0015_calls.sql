CREATE TABLE `calls` (
	`tenant_id` text NOT NULL,
	`platform` text NOT NULL,
	`contact_id` text NOT NULL,
	`channel` text NOT NULL,
	`state` text NOT NULL,
	`caller_e164` text,
	`customer_id` text,
	`agent_user_id` text,
	`ringing_at` integer,
	`connected_at` integer,
	`after_call_at` integer,
	`ended_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `platform`, `contact_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agent_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `calls_customer` ON `calls` (`tenant_id`,`customer_id`);--> statement-breakpoint
CREATE TABLE `platform_connections` (
	`tenant_id` text NOT NULL,
	`platform` text NOT NULL,
	`settings` text NOT NULL,
	`secret` text NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `platform`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
