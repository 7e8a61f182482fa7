/**
 * A stand-in for Genesys Cloud's login and API hosts (login.<region>, api.<region>), over plain
 * HTTP on a local port; the server reaches it through LEEWAY_PLATFORM_HOSTS. It answers what
 * Leeway asks (client-credentials token, a conversation, a user) as Genesys's API reference
 * shapes them, checks the credentials it is given, and records every request.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

export interface GenesysParticipant {
  purpose: string;
  userId?: string;
  ani?: string;
}

export interface FakeGenesys {
  port: number;
  /** host=address pairs for LEEWAY_PLATFORM_HOSTS, for `region`. */
  hostsFor(region: string): string;
  credentials: { clientId: string; clientSecret: string };
  /** A conversation routed to `agentEmail`, from `ani`; returns its id. */
  ring(ani: string | null, agentEmail: string): string;
  requests: { method: string; path: string; auth: string | null }[];
  /** Answers every API request with this status from now on (null: normally). */
  failWith: number | null;
  close(): Promise<void>;
}

export async function startFakeGenesys(): Promise<FakeGenesys> {
  const credentials = { clientId: 'leeway-widget', clientSecret: `secret-${randomUUID()}` };
  const tokens = new Set<string>();
  const conversations = new Map<string, { id: string; participants: GenesysParticipant[] }>();
  const users = new Map<string, { id: string; email: string }>();
  const requests: FakeGenesys['requests'] = [];
  const state = { failWith: null as number | null };
  const body = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let s = '';
      req.on('data', (c) => (s += c));
      req.on('end', () => resolve(s));
    });

  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const auth = req.headers.authorization ?? null;
    requests.push({ method: req.method ?? '', path, auth });
    const send = (status: number, json: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    if (req.method === 'POST' && path === '/oauth/token') {
      const basic = `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64')}`;
      if (auth !== basic || (await body(req)) !== 'grant_type=client_credentials') return send(401, { error: 'invalid_client' });
      const token = randomUUID();
      tokens.add(token);
      return send(200, { access_token: token, token_type: 'bearer', expires_in: 86_399 });
    }
    if (!auth?.startsWith('Bearer ') || !tokens.has(auth.slice(7))) return send(401, { message: 'authentication required' });
    if (state.failWith) return send(state.failWith, { message: 'unavailable' });
    const conv = /^\/api\/v2\/conversations\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && conv) {
      const c = conversations.get(decodeURIComponent(conv[1]!));
      return c ? send(200, { ...c, startTime: new Date().toISOString(), divisions: [] }) : send(404, { code: 'not.found' });
    }
    const user = /^\/api\/v2\/users\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && user) {
      const u = users.get(decodeURIComponent(user[1]!));
      return u ? send(200, { ...u, name: 'Agent', state: 'active' }) : send(404, { code: 'not.found' });
    }
    send(404, { code: 'not.found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const userId = (email: string) => {
    const found = [...users.values()].find((u) => u.email === email);
    if (found) return found.id;
    const id = randomUUID();
    users.set(id, { id, email });
    return id;
  };

  return {
    port,
    credentials,
    requests,
    get failWith() {
      return state.failWith;
    },
    set failWith(v) {
      state.failWith = v;
    },
    hostsFor: (region) => `login.${region}=127.0.0.1:${port},api.${region}=127.0.0.1:${port}`,
    ring(ani, agentEmail) {
      const id = randomUUID();
      conversations.set(id, {
        id,
        participants: [
          { purpose: 'customer', ...(ani ? { ani } : {}) },
          { purpose: 'acd' },
          { purpose: 'agent', userId: userId(agentEmail) },
        ],
      });
      return id;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
