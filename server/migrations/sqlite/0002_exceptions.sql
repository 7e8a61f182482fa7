CREATE TABLE `exception_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`exception_id` text NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`level` text,
	`user_id` text,
	`message` text NOT NULL,
	FOREIGN KEY (`exception_id`) REFERENCES `exceptions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `exception_events_exception` ON `exception_events` (`exception_id`,`at`);--> statement-breakpoint
CREATE TABLE `exceptions` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`customer_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`team` text NOT NULL,
	`action` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`reason_code` text,
	`note` text NOT NULL,
	`policy_reason` text NOT NULL,
	`policy_version` integer NOT NULL,
	`interaction_id` text,
	`level` text NOT NULL,
	`sla_seconds` integer NOT NULL,
	`due_at` integer NOT NULL,
	`status` text NOT NULL,
	`decided_by` text,
	`decision_note` text,
	`counter_action` text,
	`counter_amount_cents` integer,
	`grant_id` text,
	`created_at` integer NOT NULL,
	`decided_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agent_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `exceptions_idempotency` ON `exceptions` (`tenant_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `exceptions_pending` ON `exceptions` (`tenant_id`,`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `exceptions_agent` ON `exceptions` (`tenant_id`,`agent_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `grants` ADD `exception_id` text;--> statement-breakpoint
ALTER TABLE `grants` ADD `approved_by` text;--> statement-breakpoint
ALTER TABLE `users` ADD `approval_level` text;--> statement-breakpoint
ALTER TABLE `users` ADD `on_duty` integer DEFAULT false NOT NULL;