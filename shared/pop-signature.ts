/**
 * The signed screen-pop URL, for contact-center platforms that can open a URL when a call rings
 * (NICE CXone, Five9, Dialpad, Talkdesk, Webex Contact Center…):
 *   <server>/pop?ani=<caller>&agent=<agent's email>&contact=<call id>&ts=<unix seconds>&key=<ingest key id>&sig=<hex>
 *   sig = HMAC-SHA256(ingest key secret, "leeway-pop.v1\n<ani>\n<agent>\n<contact>\n<ts>")
 * Signed with one of the tenant's ingest keys, as its webhooks are: whoever may tell Leeway about
 * a customer may tell it who is calling. Valid for POP_VALID_S after `ts` (a ringing call is
 * answered or gone by then). Node's crypto only: never bundled into the extension.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const POP_VALID_S = 300;
/** Clock skew allowed the other way: a platform's clock a little ahead of the server's. */
export const POP_FUTURE_S = 30;

export interface PopFields {
  ani: string;
  agent: string;
  contact: string;
  ts: number;
}

const payload = (p: PopFields) => `leeway-pop.v1\n${p.ani}\n${p.agent}\n${p.contact}\n${p.ts}`;

export const signPop = (secret: string, p: PopFields) => createHmac('sha256', secret).update(payload(p)).digest('hex');

export function popSignatureMatches(secret: string, p: PopFields, given: string): boolean {
  const expected = Buffer.from(signPop(secret, p));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** The pop URL a platform (or a test) opens, signed now. */
export function popUrl(serverUrl: string, key: { id: string; secret: string }, p: Omit<PopFields, 'ts'>, now = Date.now()): string {
  const fields = { ...p, ts: Math.floor(now / 1000) };
  const url = new URL('/pop', serverUrl);
  for (const [k, v] of Object.entries({ ...fields, key: key.id, sig: signPop(key.secret, fields) })) url.searchParams.set(k, String(v));
  return url.href;
}
