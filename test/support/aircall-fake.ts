/**
 * A stand-in for api.aircall.io on a local port (the server reaches it through
 * LEEWAY_PLATFORM_HOSTS): it records every request as received and answers as told — 200, an
 * error status, or never (a platform that hangs).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AircallRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: unknown;
}

export async function startAircallFake() {
  const requests: AircallRequest[] = [];
  let answer: number | 'hang' = 200;
  const hung: ServerResponse[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // kept as text: the test says what was wrong with it
      }
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body,
      });
      if (answer === 'hang') return void hung.push(res);
      res.writeHead(answer, { 'content-type': 'application/json' });
      res.end(answer < 300 ? '{}' : '{"error":"Internal Server Error"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    /** What LEEWAY_PLATFORM_HOSTS maps api.aircall.io to. */
    host: `127.0.0.1:${port}`,
    requests,
    answer(with_: number | 'hang') {
      answer = with_;
    },
    /** Waits until `count` requests have arrived in all (or fails saying how many did). */
    async received(count: number, withinMs = 8_000): Promise<AircallRequest[]> {
      const until = Date.now() + withinMs;
      while (requests.length < count && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      if (requests.length < count) throw new Error(`Aircall's stand-in got ${requests.length} requests, not ${count}`);
      return requests;
    },
    async close() {
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
export type AircallFake = Awaited<ReturnType<typeof startAircallFake>>;
