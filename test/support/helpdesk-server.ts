/**
 * Serves a helpdesk's saved page structure over HTTPS, reached by Chromium at the
 * helpdesk's real host name through --host-resolver-rules. Each fixture folder has
 * `routes.ts` describing its pages and same-origin API.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { selfSignedCert } from './tls';

export interface FixtureRoute {
  /** Matched against the request path. */
  path: RegExp;
  respond(match: RegExpExecArray, req: IncomingMessage): { status?: number; type: string; body: string } | null;
}

export interface HelpdeskServer {
  port: number;
  /** Delays the answer to paths matching `path` (simulates a slow helpdesk API). */
  delay(path: RegExp, ms: number): void;
  close(): Promise<void>;
}

export async function startHelpdeskServer(hosts: string[], routes: FixtureRoute[]): Promise<HelpdeskServer> {
  const delays: [RegExp, number][] = [];
  const server = createServer(selfSignedCert(hosts), (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'https://x').pathname;
    const wait = delays.filter(([re]) => re.test(path)).reduce((a, [, ms]) => Math.max(a, ms), 0);
    setTimeout(() => {
      for (const route of routes) {
        const m = route.path.exec(path);
        const out = m && route.respond(m, req);
        if (out) {
          res.writeHead(out.status ?? 200, { 'content-type': out.type, 'cache-control': 'no-store' });
          return res.end(out.body);
        }
      }
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }, wait);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    delay: (path, ms) => delays.push([path, ms]),
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
