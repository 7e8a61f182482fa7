import type { Redis } from 'ioredis';

/**
 * @socket.io/redis-streams-adapter (0.3.1) reads the stream with `XREAD BLOCK … $` until it has
 * read its first entry, and `$` means "only what arrives after this call": entries another
 * process adds between one blocking read timing out and the next are skipped for good. A
 * freshly started process that is busy (exactly when traffic starts) then misses the first
 * broadcasts of the others. This gives the adapter a client whose reading connections replace
 * `$` with the last entry id they know: the stream's last id when they start, then the last
 * entry they read. Nothing between two reads is skipped. (bench/scale.ts found it; the
 * regression test is test/integration/redis-adapter.pg.test.ts.)
 */
export function streamReadsFromStart(redis: Redis): Redis {
  const client = redis.duplicate();
  const duplicate = client.duplicate.bind(client);
  client.duplicate = (...args: Parameters<Redis['duplicate']>) => resumeFromLastRead(duplicate(...args));
  return client;
}

type XReadReply = [stream: string, entries: [id: string, fields: string[]][]][] | null;

function resumeFromLastRead(reader: Redis): Redis {
  const xread = reader.xread.bind(reader) as (...args: (string | number)[]) => Promise<XReadReply>;
  const known = new Map<string, string>();
  (reader as unknown as { xread: typeof xread }).xread = async (...args) => {
    const at = args.indexOf('STREAMS');
    const stream = String(args[at + 1]);
    if (at >= 0 && args[at + 2] === '$') {
      if (!known.has(stream)) {
        const [last] = await reader.xrevrange(stream, '+', '-', 'COUNT', 1);
        known.set(stream, last?.[0] ?? '0-0');
      }
      args[at + 2] = known.get(stream)!;
    }
    const reply = await xread(...args);
    const entries = reply?.[0]?.[1];
    if (entries?.length) known.set(stream, entries[entries.length - 1]![0]);
    return reply;
  };
  return reader;
}
