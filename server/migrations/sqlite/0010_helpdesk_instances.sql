-- Helpdesk instances (issue 15). Requester ids and ticket refs are now scoped by the page's host:
-- `zendesk@acme.zendesk.com:9001`. Rows written before keep their legacy, unscoped form
-- (`zendesk:9001` identities and conversation refs, interactions with a null instance): a scoped
-- lookup never matches them, so nothing from one helpdesk account is attributed to another.
-- They cannot be scoped here: no tenant has pinned hosts yet (helpdesk_hosts is new). The
-- tenant's FIRST pinning (PUT /v1/helpdesk-hosts, or the demo seed) settles them once, in the same
-- transaction: a built-in hosted helpdesk's legacy rows go to the tenant's single pinned host on
-- that helpdesk's domain when there is exactly one (shared/helpdesk-instance.ts legacyInstanceFor);
-- otherwise they stay unscoped for good. tenants.legacy_refs_settled_at records that it happened,
-- so a later change of hosts never re-attributes them. Resolution log entries keep their
-- ticket_ref as written (it is under the hash chain); legacy and scoped refs named by events are
-- linked by the same rule when read.
CREATE TABLE `helpdesk_hosts` (
	`tenant_id` text NOT NULL,
	`host` text NOT NULL,
	`added_by` text NOT NULL,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `host`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `interactions` ADD `instance` text;--> statement-breakpoint
ALTER TABLE `tenants` ADD `legacy_refs_settled_at` integer;