/**
 * Posts one signed event to a Leeway server, as a business system would, and says in one sentence what happened.
 *   npm run send-event -- payment.failed dana.whitfield@example.com
 * The server is found as the server itself is configured (LEEWAY_URL, else LEEWAY_HOST and LEEWAY_PORT);
 * the ingest secret is LEEWAY_INGEST_SECRET, else the demo key's, read from the local database and opened
 * with LEEWAY_MASTER_KEY or the demo's key file beside it. Exits 1, with a sentence and no stack trace, on failure.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { ErrorBody } from '@shared/schemas/common';
import { IngestReply } from '@shared/schemas/customer-events';
import { signedHeaders } from '@shared/webhook-signature';
import { openSecret } from '../server/src/auth/ingest-secret';
import { Env } from '../server/src/env-schema';

const SAMPLE_DATA: Record<string, unknown> = {
  'payment.failed': { amountCents: 4900, currency: 'USD', reason: 'card declined' },
  'order.placed': { orderId: `A-${Math.floor(Math.random() * 90000 + 10000)}`, amountCents: 12900, currency: 'USD' },
  'page.visited': { url: 'https://shop.example.com/account/cancel', title: 'Cancel subscription page' },
  'survey.answered': { survey: 'csat', score: 2, comment: 'Took too long' },
};
const TYPES = Object.keys(SAMPLE_DATA);

const USAGE = `Usage: npm run send-event -- [TYPE] [EMAIL]
  Posts one signed sample event for the customer with EMAIL, as a billing or shop system would.
  TYPE   one of ${TYPES.join(', ')} (default payment.failed)
  EMAIL  a customer of the key's tenant (default dana.whitfield@example.com)
Environment:
  LEEWAY_URL            the server (default http://<LEEWAY_HOST>:<LEEWAY_PORT>, as the server listens)
  LEEWAY_INGEST_KEY     the ingest key id (default acme-demo)
  LEEWAY_INGEST_SECRET  its secret (default: read from LEEWAY_DB_FILE, the demo's database)`;

/** A failure the user can act on: printed alone, exit 1. */
class Refusal extends Error {}

/** Where the server listens, from the same settings and defaults the server reads. */
function serverUrl(env: NodeJS.ProcessEnv): string {
  if (env.LEEWAY_URL) return env.LEEWAY_URL.replace(/\/+$/, '');
  const { LEEWAY_HOST, LEEWAY_PORT } = Env.pick({ LEEWAY_HOST: true, LEEWAY_PORT: true }).parse(env);
  // A server listening on every interface is reached on this machine's loopback.
  const host = LEEWAY_HOST === '0.0.0.0' || LEEWAY_HOST === '::' ? '127.0.0.1' : LEEWAY_HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${LEEWAY_PORT}`;
}

/** The demo key's secret, sealed in the local database under the master key kept beside it. */
function storedSecret(env: NodeJS.ProcessEnv, keyId: string): string {
  const { LEEWAY_DB_FILE: dbFile } = Env.pick({ LEEWAY_DB_FILE: true }).parse(env);
  const missing = `No secret for ingest key ${keyId}: set LEEWAY_INGEST_SECRET, or run this where the demo's database is (${dbFile}, LEEWAY_DB_FILE).`;
  if (!existsSync(dbFile)) throw new Refusal(missing);
  const db = new Database(dbFile, { readonly: true });
  try {
    const row = db.prepare('select secret from ingest_keys where id = ?').get(keyId) as { secret: string } | undefined;
    if (!row) throw new Refusal(missing);
    const masterKey =
      env.LEEWAY_MASTER_KEY ?? (existsSync(`${dbFile}.master-key`) ? readFileSync(`${dbFile}.master-key`, 'utf8').trim() : '');
    return openSecret(Buffer.from(masterKey, 'hex'), row.secret);
  } catch (e) {
    throw e instanceof Refusal ? e : new Refusal((e as Error).message);
  } finally {
    db.close();
  }
}

const noServer = (url: string) => new Refusal(`No Leeway server answers at ${url}. Start it with \`npm start\`, or set LEEWAY_URL.`);

async function answers(url: string): Promise<boolean> {
  return fetch(`${url}/health`).then(
    () => true,
    () => false,
  );
}

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<string> {
  if (argv.includes('--help') || argv.includes('-h')) return USAGE;
  const [type = 'payment.failed', email = 'dana.whitfield@example.com'] = argv;
  if (!SAMPLE_DATA[type]) throw new Refusal(`${type} is not a sample event type: use one of ${TYPES.join(', ')}.`);
  const url = serverUrl(env);
  const keyId = env.LEEWAY_INGEST_KEY ?? 'acme-demo';
  let secret = env.LEEWAY_INGEST_SECRET;
  if (!secret) {
    try {
      secret = storedSecret(env, keyId);
    } catch (e) {
      // No database here usually means no server either: say the first thing to do.
      if (!(await answers(url))) throw noServer(url);
      throw e;
    }
  }
  const body = JSON.stringify({
    id: randomUUID(),
    type,
    occurredAt: new Date().toISOString(),
    customer: { email },
    data: SAMPLE_DATA[type],
  });
  const res = await fetch(`${url}/v1/ingest/events`, { method: 'POST', headers: signedHeaders(keyId, secret, body), body }).catch(() => {
    throw noServer(url);
  });
  const text = await res.text();
  const json = (() => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  })();
  const reply = IngestReply.safeParse(json);
  if (res.ok && reply.success) {
    return reply.data.status === 'stored'
      ? `Sent ${type} for ${email}: stored as event ${reply.data.eventId}, and pushed live to every panel showing this customer.`
      : `Sent ${type} for ${email}: the server already had event ${reply.data.eventId}, so it was stored once and not pushed again.`;
  }
  const error = ErrorBody.safeParse(json);
  if (error.success) throw new Refusal(`Not sent: ${error.data.message.replace(/\.?$/, '.')}`);
  throw new Refusal(`The server at ${url} answered ${res.status} ${res.statusText}: is LEEWAY_URL a Leeway server?`);
}

try {
  console.log(await main(process.argv.slice(2), process.env));
} catch (e) {
  // The sentence alone: a stack trace tells an operator nothing they can act on.
  console.error(e instanceof Refusal ? e.message : `Could not send the event: ${(e as Error).message}`);
  process.exit(1);
}
