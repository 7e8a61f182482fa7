-- Replay memory keyed by the signing time first, so each delivery is written beside the last one. Rows from before
-- carry no signing time: their arrival stands in for it (a replay of one of them is then stored once all the same,
-- by its sender's event id, and answered as a duplicate).
ALTER TABLE "webhook_deliveries" ADD COLUMN "signed_at" bigint;--> statement-breakpoint
UPDATE "webhook_deliveries" SET "signed_at" = "seen_at";--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ALTER COLUMN "signed_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "webhook_deliveries_pkey";--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_signed_at_signature_pk" PRIMARY KEY("signed_at","signature");--> statement-breakpoint
DROP INDEX "webhook_deliveries_seen_at";
