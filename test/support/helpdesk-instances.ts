/**
 * Calls for the helpdesk-instance tests, bound to the file's app: REST as anyone, pinning a
 * tenant's hosts, an agent's socket and its interaction:open.
 */
import { expect } from 'vitest';
import type { Response } from '@shared/events';
import type { InteractionOpened } from '@shared/schemas/context';
import type { ClientSocket, TestApp } from './app';

export const UNPINNED = (host: string) =>
  `${host} is not one of your organisation's helpdesk addresses. An admin can add it in Leeway's options, under Helpdesk hosts.`;
export type Requester = { email?: string; phone?: string; helpdeskId?: string };
export const opened = (res: Response<InteractionOpened>) => {
  if (!('data' in res)) throw new Error(res.error);
  return res.data;
};
export const nameOf = (o: InteractionOpened) => (o.status === 'known' ? o.context.customer.name : null);
export const open = (s: ClientSocket, instance: string, ticketId: string, requester: Requester, helpdesk = 'zendesk') =>
  s.emitWithAck('interaction:open', { helpdesk, instance, ticketId, requester }) as Promise<Response<InteractionOpened>>;

/** Opens a Zendesk ticket of acme's for a known customer, as the panel does; its interaction id. */
export async function openKnown(s: ClientSocket, ticketId: string, email: string): Promise<string> {
  const o = opened(await open(s, 'acme.zendesk.com', ticketId, { email }));
  if (o.status !== 'known') throw new Error(`${email} should be known, not ${o.status}`);
  return o.interactionId;
}

export function instanceHelpers(app: () => TestApp) {
  const acme = () => app().seeded.acme;
  const globex = () => app().seeded.globex;
  const dana = () => acme().customers['dana.whitfield@example.com']!;

  async function call(email: string, method: 'GET' | 'PUT', url: string, payload?: object) {
    return app().app.inject({ method, url, headers: { authorization: `Bearer ${await app().token(email)}` }, ...(payload && { payload }) });
  }
  const setHosts = async (tenant: 'acme' | 'globex', hosts: readonly string[]) => {
    const res = await call(`admin@${tenant}.test`, 'PUT', '/v1/helpdesk-hosts', { hosts: [...hosts] });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { hosts: string[] };
  };
  async function agent(email = 'agent@acme.test'): Promise<ClientSocket> {
    const { socket, error } = await app().socket(await app().token(email));
    if (error) throw new Error(error);
    return socket;
  }
  return { acme, globex, dana, call, setHosts, agent };
}
