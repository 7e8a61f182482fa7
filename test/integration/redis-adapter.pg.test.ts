/**
 * The Redis Streams adapter reads with `XREAD BLOCK … $` until its first entry, and `$` skips
 * whatever another process added between two reads (stream-reads-from-start.ts says why that
 * loses broadcasts). The reading connections the server gives it resume from the last entry
 * they know instead: an entry added between two reads is read by the next one.
 */
import { Redis } from 'ioredis';
import { afterAll, expect, it } from 'vitest';
import { streamReadsFromStart } from '../../server/src/plugins/external/stream-reads-from-start';
import { REDIS_TEST_URL } from '../support/test-database';

const stream = `leeway-test-adapter-${process.pid}-${Date.now()}:stream`;
const clients: Redis[] = [];
const open = (r: Redis) => (clients.push(r), r);
afterAll(async () => {
  await clients[0]?.del(stream);
  for (const c of clients) c.disconnect();
});

/** What the adapter's poller does: a short blocking read from `$`. */
const poll = (reader: Redis) => reader.xread('COUNT', 100, 'BLOCK', 100, 'STREAMS', stream, '$');

it('reads an entry another process added between two blocking reads', async () => {
  const writer = open(new Redis(REDIS_TEST_URL));
  await writer.xadd(stream, '*', 'n', 'before'); // already there when reading starts: not for us
  const reader = open(streamReadsFromStart(open(new Redis(REDIS_TEST_URL))).duplicate());
  const plain = open(new Redis(REDIS_TEST_URL));

  expect(await poll(reader)).toBeNull(); // a read that times out: nothing new
  expect(await poll(plain)).toBeNull();
  await writer.xadd(stream, '*', 'n', 'between'); // lands while neither is reading
  const read = await poll(reader);
  expect(read?.[0]?.[1].map(([, fields]) => fields)).toEqual([['n', 'between']]);
  // What the adapter got before: `$` starts after the entry, so the plain connection never sees it.
  expect(await poll(plain)).toBeNull();

  await writer.xadd(stream, '*', 'n', 'next');
  expect((await poll(reader))?.[0]?.[1].map(([, fields]) => fields)).toEqual([['n', 'next']]);
});
