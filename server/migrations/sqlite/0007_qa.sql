CREATE TABLE `qa_calibration_scores` (
	`calibration_id` text NOT NULL,
	`auditor_id` text NOT NULL,
	`resolution_id` text NOT NULL,
	`scores` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`calibration_id`, `auditor_id`, `resolution_id`)
);
--> statement-breakpoint
CREATE TABLE `qa_calibrations` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`resolution_ids` text NOT NULL,
	`scorecard_version` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `qa_calibrations_tenant` ON `qa_calibrations` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `qa_dispute_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dispute_id` text NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`user_id` text NOT NULL,
	`message` text NOT NULL,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `qa_dispute_events_dispute` ON `qa_dispute_events` (`dispute_id`,`at`);--> statement-breakpoint
CREATE TABLE `qa_disputes` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`review_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`criteria` text NOT NULL,
	`reason` text NOT NULL,
	`status` text NOT NULL,
	`decided_by` text,
	`decision_note` text,
	`created_at` integer NOT NULL,
	`decided_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `qa_disputes_tenant` ON `qa_disputes` (`tenant_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `qa_disputes_review` ON `qa_disputes` (`review_id`);--> statement-breakpoint
CREATE TABLE `qa_integrity_checks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` text NOT NULL,
	`at` integer NOT NULL,
	`ok` integer NOT NULL,
	`entries` integer NOT NULL,
	`problem` text,
	`checked_by` text NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `qa_integrity_checks_tenant` ON `qa_integrity_checks` (`tenant_id`,`at`);--> statement-breakpoint
CREATE TABLE `qa_picks` (
	`tenant_id` text NOT NULL,
	`resolution_id` text NOT NULL,
	`queue_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`why` text NOT NULL,
	`resolved_at` integer NOT NULL,
	`review_id` text,
	`picked_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `resolution_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `qa_picks_queue` ON `qa_picks` (`tenant_id`,`queue_id`);--> statement-breakpoint
CREATE TABLE `qa_queues` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`rules` text NOT NULL,
	`from_at` integer NOT NULL,
	`to_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `qa_queues_tenant` ON `qa_queues` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `qa_reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`resolution_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`reviewer_id` text NOT NULL,
	`scorecard_version` integer NOT NULL,
	`scores` text NOT NULL,
	`quality` real NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `qa_reviews_resolution` ON `qa_reviews` (`tenant_id`,`resolution_id`);--> statement-breakpoint
CREATE INDEX `qa_reviews_agent` ON `qa_reviews` (`tenant_id`,`agent_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `qa_reviews_time` ON `qa_reviews` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `qa_scorecards` (
	`tenant_id` text NOT NULL,
	`version` integer NOT NULL,
	`criteria` text NOT NULL,
	`note` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `version`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `resolution_log_kind_time` ON `resolution_log` (`tenant_id`,`kind`,`created_at`);--> statement-breakpoint
CREATE INDEX `resolution_log_ref` ON `resolution_log` (`tenant_id`,`ref_id`);