import { randomUUID } from 'node:crypto';

/**
 * A UUID version 7 (RFC 9562): the time in milliseconds first, then 74 random bits. Rows keyed by
 * it are inserted at the end of their index, beside the last one, where a random id would dirty a
 * page of its own per row: on a busy ingest that is most of what a commit writes. Built from
 * Node's pooled `randomUUID`, whose version nibble and first 48 bits give way to the version and
 * the time; the variant bits stay as they are.
 */
export function timeOrderedId(now = Date.now()): string {
  const time = now.toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randomUUID().slice(15)}`;
}
