/**
 * Preloaded into a server process by the soak (NODE_OPTIONS=--import <this file>): on SIGUSR2
 * it runs a full garbage collection and prints one line, `soak-memory {json}`, with the
 * process's memory. After a full GC, heapUsed is the live heap: what a leak makes grow.
 * Plain JavaScript so it loads before tsx; it changes nothing else in the process.
 * To find what grows: SOAK_HEAP_SNAPSHOTS=<dir> also writes a heap snapshot at each sample
 * (slow; compare two in Chrome DevTools → Memory).
 */
import { join } from 'node:path';
import { setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');
  process.on('SIGUSR2', () => {
    gc();
    const m = process.memoryUsage();
    if (process.env.SOAK_HEAP_SNAPSHOTS) writeHeapSnapshot(join(process.env.SOAK_HEAP_SNAPSHOTS, `soak-${Date.now()}.heapsnapshot`));
    process.stdout.write(
      `soak-memory ${JSON.stringify({ at: Date.now(), rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers })}\n`,
    );
  });
}
