-- Replay memory keyed by the signing time first, so each delivery is written beside the last one. Rows from before
-- carry no signing time: their arrival stands in for it (a replay of one of them is then stored once all the same,
-- by its sender's event id, and answered as a duplicate).
CREATE TABLE `__new_webhook_deliveries` (
	`signed_at` integer NOT NULL,
	`signature` text NOT NULL,
	`key_id` text NOT NULL,
	`seen_at` integer NOT NULL,
	PRIMARY KEY(`signed_at`, `signature`)
);
--> statement-breakpoint
INSERT INTO `__new_webhook_deliveries`("signed_at", "signature", "key_id", "seen_at") SELECT "seen_at", "signature", "key_id", "seen_at" FROM `webhook_deliveries`;--> statement-breakpoint
DROP TABLE `webhook_deliveries`;--> statement-breakpoint
ALTER TABLE `__new_webhook_deliveries` RENAME TO `webhook_deliveries`;
