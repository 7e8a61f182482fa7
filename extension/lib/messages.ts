/**
 * Messages between a tab's panel (content script) and the background, over one
 * long-lived runtime port per tab named PANEL_PORT.
 */
import type { CustomerEvent } from '../../shared/schemas/customer-events';
import type { Helpdesk, InteractionOpened, Requester } from '../../shared/schemas/context';
import type { GrantBody, GrantOutcome } from '../../shared/schemas/grants';

export const PANEL_PORT = 'leeway-panel';

export type ConnectionStatus =
  | { state: 'online' }
  | { state: 'connecting' }
  | { state: 'offline'; reason: string }
  | { state: 'signed-out' };

export type PanelToBackground =
  | { type: 'view'; key: string; helpdesk: Helpdesk; ticketId: string; requester: Requester }
  | { type: 'leave' }
  | { type: 'grant'; key: string; body: GrantBody };

export type BackgroundToPanel =
  | { type: 'status'; status: ConnectionStatus }
  | { type: 'opened'; key: string; result: InteractionOpened }
  | { type: 'failed'; key: string; message: string }
  | { type: 'event'; customerId: string; event: CustomerEvent }
  | { type: 'granted'; key: string; outcome: GrantOutcome }
  | { type: 'grant-failed'; key: string; message: string };
