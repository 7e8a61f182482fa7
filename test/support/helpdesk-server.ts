/**
 * Serves helpdesks' saved page structure over HTTPS, reached by Chromium at the helpdesks'
 * real host names through --host-resolver-rules. Each fixture folder has `routes.ts`
 * describing its pages and same-origin API. One server can serve many helpdesks: requests
 * are routed by their Host header, and the certificate names every host.
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

/** One helpdesk's hosts (exact names or "*.example.com" patterns) and its routes. */
export interface HelpdeskSite {
  hosts: string[];
  routes: FixtureRoute[];
}

/** How the helpdesk's own API answers: normally, or refused the ways real accounts refuse it. */
export type ApiMode = 'ok' | '403' | '429' | 'timeout';

export interface HelpdeskServer {
  port: number;
  /** Delays the answer to paths matching `path` (simulates a slow helpdesk API). */
  delay(path: RegExp, ms: number): void;
  /**
   * Refuses the helpdesk's own API (paths under /api/) on `host` ('*' for every host): 403 (API
   * access restricted by the account), 429 with Retry-After: 1, or a hang that never answers
   * (until `timeoutCapMs`, then 504, so no socket outlives a run). 'ok' serves it again.
   */
  refuseApi(host: string, mode: ApiMode): void;
  /** API requests seen per host since the last reset (what the adapter asked, answered or not). */
  apiHits(host: string): number;
  resetApiHits(): void;
  close(): Promise<void>;
}

const API_PATH = /^\/api\//;
const HANG_CAP_MS = 30_000;

/** "*.zendesk.com" matches "acme.zendesk.com" (any depth, as --host-resolver-rules does). */
export const hostMatches = (pattern: string, host: string) =>
  pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : host === pattern;

export async function startHelpdeskServer(sites: HelpdeskSite[]): Promise<HelpdeskServer>;
export async function startHelpdeskServer(hosts: string[], routes: FixtureRoute[]): Promise<HelpdeskServer>;
export async function startHelpdeskServer(a: HelpdeskSite[] | string[], routes?: FixtureRoute[]): Promise<HelpdeskServer> {
  // The single-site form serves its routes whatever the Host, as it always has.
  const single = routes !== undefined;
  const sites: HelpdeskSite[] = single ? [{ hosts: a as string[], routes }] : (a as HelpdeskSite[]);
  const delays: [RegExp, number][] = [];
  const apiModes = new Map<string, ApiMode>();
  const hits = new Map<string, number>();
  const hanging = new Set<NodeJS.Timeout>();
  const server = createServer(selfSignedCert(sites.flatMap((site) => site.hosts)), (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'https://x').pathname;
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (API_PATH.test(path)) {
      hits.set(host, (hits.get(host) ?? 0) + 1);
      const mode = apiModes.get(host) ?? apiModes.get('*') ?? 'ok';
      const headers = { 'content-type': 'application/json', 'cache-control': 'no-store' };
      if (mode === '403')
        return void res
          .writeHead(403, headers)
          .end(JSON.stringify({ error: 'Forbidden', description: 'API access is restricted for this account' }));
      if (mode === '429')
        return void res.writeHead(429, { ...headers, 'retry-after': '1' }).end(JSON.stringify({ error: 'TooManyRequests' }));
      if (mode === 'timeout') {
        const timer = setTimeout(() => {
          hanging.delete(timer);
          if (!res.writableEnded) res.writeHead(504, headers).end('{}');
        }, HANG_CAP_MS);
        hanging.add(timer);
        res.once('close', () => {
          clearTimeout(timer);
          hanging.delete(timer);
        });
        return;
      }
    }
    const site = single ? sites[0] : sites.find((x) => x.hosts.some((h) => hostMatches(h, host)));
    const wait = delays.filter(([re]) => re.test(path)).reduce((acc, [, ms]) => Math.max(acc, ms), 0);
    setTimeout(() => {
      for (const route of site?.routes ?? []) {
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
    refuseApi: (host, mode) => void (mode === 'ok' ? apiModes.delete(host) : apiModes.set(host, mode)),
    apiHits: (host) => hits.get(host) ?? 0,
    resetApiHits: () => hits.clear(),
    close: () =>
      new Promise((r) => {
        for (const t of hanging) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
