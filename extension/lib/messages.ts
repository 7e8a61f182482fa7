/**
 * Messages between a tab's panel (content script) and the background, over one
 * long-lived runtime port per tab named PANEL_PORT.
 */
import type { CustomerEvent } from '../../shared/schemas/customer-events';
import type { InteractionOpened, Requester } from '../../shared/schemas/context';
import type { HelpdeskRef } from '../../shared/schemas/helpdesk-ref';
import type { GrantBody, GrantOutcome } from '../../shared/schemas/grants';
import type { Board, DutyState, ExceptionDecideBody, ExceptionRequestBody, ExceptionView } from '../../shared/schemas/exceptions';
import type { SessionUser } from '../../shared/schemas/auth';
import type { Signals } from '../../shared/schemas/signals';
import type { LogReceipt, ResolutionBody, ResolutionDraft } from '../../shared/schemas/resolutions';

export const PANEL_PORT = 'leeway-panel';

export type ConnectionStatus =
  | { state: 'online' }
  | { state: 'connecting' }
  | { state: 'offline'; reason: string }
  | { state: 'signed-out' };

export type PanelToBackground =
  | { type: 'view'; key: string; helpdesk: HelpdeskRef; ticketId: string; requester: Requester }
  | { type: 'leave' }
  | { type: 'grant'; key: string; body: GrantBody }
  | { type: 'exception-request'; key: string; body: ExceptionRequestBody }
  | { type: 'exception-withdraw'; key: string; exceptionId: string }
  | { type: 'draft'; key: string }
  | { type: 'messages'; key: string; messages: { text: string; at?: string }[] }
  | { type: 'reveal'; key: string; customerId: string; field: 'email' | 'phone' }
  | { type: 'resolve'; key: string; body: ResolutionBody };

export type BackgroundToPanel =
  | { type: 'status'; status: ConnectionStatus }
  | { type: 'opened'; key: string; result: InteractionOpened }
  | { type: 'failed'; key: string; message: string }
  | { type: 'event'; customerId: string; event: CustomerEvent }
  | { type: 'granted'; key: string; outcome: GrantOutcome }
  | { type: 'grant-failed'; key: string; message: string }
  /** The agent's own request, as raised or as it changed since. */
  | { type: 'exception'; key: string; exception: ExceptionView }
  | { type: 'exception-failed'; key: string; message: string }
  | { type: 'draft'; key: string; draft: ResolutionDraft }
  /** Ticket signals answer this panel's messages; customer signals are pushed to every panel on that customer. */
  | { type: 'signals'; key: string | null; customerId: string; signals: Signals }
  | { type: 'revealed'; key: string; field: 'email' | 'phone'; value: string | null }
  | { type: 'draft-failed'; key: string; message: string }
  /** The outbox as it stands, to every panel: records waiting, and any refused for good. */
  | { type: 'outbox'; waiting: number; refused: { ticketId: string; message: string }[] }
  | { type: 'logged'; ticketId: string; receipt: LogReceipt };

export const SIDEPANEL_PORT = 'leeway-sidepanel';

/** The supervisor's side panel asks; each request carries an id its reply repeats. */
export type SidePanelRequest =
  | { type: 'duty'; onDuty: boolean }
  | { type: 'pending' }
  | { type: 'decide'; body: ExceptionDecideBody }
  | { type: 'board' };
export type SidePanelToBackground = SidePanelRequest & { id: number };

export type SidePanelReply = DutyState | ExceptionView[] | ExceptionView | Board;

export type BackgroundToSidePanel =
  | { type: 'reply'; id: number; ok: true; data: SidePanelReply }
  | { type: 'reply'; id: number; ok: false; error: string }
  | { type: 'status'; status: ConnectionStatus; user: SessionUser | null }
  | { type: 'raised'; exception: ExceptionView }
  | { type: 'updated'; exception: ExceptionView };

/** One-off requests from extension pages (options) to the background, over runtime.sendMessage. */
export type PageToBackground =
  | { type: 'adapters-refresh' }
  | { type: 'adapters-sync' }
  /** Answered with a current access token (renewed first when due, or when `force`), or null when signed out. */
  | { type: 'access-token'; force?: boolean }
  /** Ends the session on the server, then forgets it; answered with true. */
  | { type: 'sign-out' };

/** Requests to a tab's content script, over tabs.sendMessage: the keyboard command, and the popup's diagnostics. */
export type ToContentScript = { type: 'toggle-panel' } | { type: 'diagnostics' };

export type { Diagnostics } from './diagnostics';
