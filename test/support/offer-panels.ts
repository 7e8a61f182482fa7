/** Panels that show suggested offers, as real socket clients of a test app: what is pushed to each, and waiting for it. */
import type { PanelRecommendations } from '@shared/schemas/recommendations';
import type { Response } from '@shared/socket-reply';
import type { ClientSocket, TestApp } from './app';
import { openKnown } from './helpdesk-instances';

/** A connection of `email` with `ticketId` open on the customer, collecting every suggestion pushed to it. */
export async function offerPanel(t: TestApp, email: string, ticketId: string, customerEmail: string) {
  const { socket, error } = await t.socket(await t.token(email));
  if (error) throw new Error(error);
  const pushed: PanelRecommendations[] = [];
  socket.on('offer:recommendations', (p) => void pushed.push(p));
  const interactionId = await openKnown(socket, ticketId, customerEmail);
  return { socket, interactionId, pushed };
}

/** The panel asks (from then on it is sent pushes). */
export async function askOffers(socket: ClientSocket, interactionId: string): Promise<PanelRecommendations> {
  const res = (await socket.emitWithAck('offer:recommend', { interactionId })) as Response<PanelRecommendations>;
  if (!('data' in res)) throw new Error(res.error);
  return res.data;
}

/** `what()` once it is defined, polled for up to `timeoutMs`; fails naming `label`. */
export async function until<T>(what: () => T | undefined, label: string, timeoutMs = 5_000): Promise<T> {
  for (let i = 0; i < timeoutMs / 25; i++) {
    const v = what();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never: ${label}`);
}
