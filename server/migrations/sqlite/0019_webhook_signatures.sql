-- The replay memory, keyed by the signing time first so each delivery is written beside the last one. It takes
-- over from webhook_deliveries, which stays for processes of the release before while a rolling upgrade runs
-- (migrations only add). What that table remembers is copied, its arrival standing in for its signing time.
CREATE TABLE `webhook_signatures` (
	`signed_at` integer NOT NULL,
	`signature` text NOT NULL,
	`key_id` text NOT NULL,
	`seen_at` integer NOT NULL,
	PRIMARY KEY(`signed_at`, `signature`)
);
--> statement-breakpoint
INSERT INTO `webhook_signatures` ("signed_at", "signature", "key_id", "seen_at") SELECT "seen_at", "signature", "key_id", "seen_at" FROM `webhook_deliveries`;
