/**
 * Posts one signed event to a Leeway server, as a business system would.
 *   npm run send-event -- payment.failed dana.whitfield@example.com
 * Env: LEEWAY_URL (default http://127.0.0.1:4000), LEEWAY_INGEST_KEY (default acme-demo),
 * LEEWAY_INGEST_SECRET (default: read from the local demo database, LEEWAY_DB_FILE, and opened
 * with LEEWAY_MASTER_KEY or the demo's key file beside the database).
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { signedHeaders } from '@shared/webhook-signature';
import { openSecret } from '../server/src/auth/ingest-secret';

const SAMPLE_DATA: Record<string, unknown> = {
  'payment.failed': { amountCents: 4900, currency: 'USD', reason: 'card declined' },
  'order.placed': { orderId: `A-${Math.floor(Math.random() * 90000 + 10000)}`, amountCents: 12900, currency: 'USD' },
  'page.visited': { url: 'https://shop.example.com/account/cancel', title: 'Cancel subscription page' },
  'survey.answered': { survey: 'csat', score: 2, comment: 'Took too long' },
};

const [type = 'payment.failed', email = 'dana.whitfield@example.com'] = process.argv.slice(2);
const url = process.env.LEEWAY_URL ?? 'http://127.0.0.1:4000';
const keyId = process.env.LEEWAY_INGEST_KEY ?? 'acme-demo';
const dbFile = process.env.LEEWAY_DB_FILE ?? 'data/leeway.db';
const stored = process.env.LEEWAY_INGEST_SECRET
  ? undefined
  : (
      new Database(dbFile, { readonly: true }).prepare('select secret from ingest_keys where id = ?').get(keyId) as
        | { secret: string }
        | undefined
    )?.secret;
// Stored sealed under the server's master key: the demo keeps it beside the database.
const masterKey = () =>
  process.env.LEEWAY_MASTER_KEY ?? (existsSync(`${dbFile}.master-key`) ? readFileSync(`${dbFile}.master-key`, 'utf8').trim() : '');
const secret = process.env.LEEWAY_INGEST_SECRET ?? (stored === undefined ? undefined : openSecret(Buffer.from(masterKey(), 'hex'), stored));
if (!secret) throw new Error(`No secret for ingest key ${keyId}: set LEEWAY_INGEST_SECRET`);
if (!SAMPLE_DATA[type]) throw new Error(`Sample types: ${Object.keys(SAMPLE_DATA).join(', ')}`);

const body = JSON.stringify({ id: randomUUID(), type, occurredAt: new Date().toISOString(), customer: { email }, data: SAMPLE_DATA[type] });
const res = await fetch(`${url}/v1/ingest/events`, { method: 'POST', headers: signedHeaders(keyId, secret, body), body });
console.log(res.status, await res.text());
