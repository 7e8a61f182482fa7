CREATE TABLE `event_types` (
	`tenant_id` text NOT NULL,
	`type` text NOT NULL,
	`label` text NOT NULL,
	`fields` text NOT NULL,
	`alert` integer DEFAULT false NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `type`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
