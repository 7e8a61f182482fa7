CREATE TABLE `offer_impressions` (
	`tenant_id` text NOT NULL,
	`interaction_id` text NOT NULL,
	`offer_id` text NOT NULL,
	`user_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`action` text,
	`amount_cents` integer,
	`mode` text NOT NULL,
	`first_shown_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `interaction_id`, `offer_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `offer_impressions_shown` ON `offer_impressions` (`tenant_id`,`first_shown_at`);--> statement-breakpoint
CREATE INDEX `offer_impressions_customer` ON `offer_impressions` (`tenant_id`,`customer_id`);