/**
 * Messages between a tab's panel (content script) and the background, over one
 * long-lived runtime port per tab named PANEL_PORT.
 */
import type { CustomerEvent } from '../../shared/schemas/customer-events';
import type { Helpdesk, InteractionOpened, Requester } from '../../shared/schemas/context';
import type { GrantBody, GrantOutcome } from '../../shared/schemas/grants';
import type { Board, DutyState, ExceptionDecideBody, ExceptionRequestBody, ExceptionView } from '../../shared/schemas/exceptions';
import type { SessionUser } from '../../shared/schemas/auth';
import type { LogReceipt, ResolutionBody, ResolutionDraft } from '../../shared/schemas/resolutions';

export const PANEL_PORT = 'leeway-panel';

export type ConnectionStatus =
  | { state: 'online' }
  | { state: 'connecting' }
  | { state: 'offline'; reason: string }
  | { state: 'signed-out' };

export type PanelToBackground =
  | { type: 'view'; key: string; helpdesk: Helpdesk; ticketId: string; requester: Requester }
  | { type: 'leave' }
  | { type: 'grant'; key: string; body: GrantBody }
  | { type: 'exception-request'; key: string; body: ExceptionRequestBody }
  | { type: 'exception-withdraw'; key: string; exceptionId: string }
  | { type: 'draft'; key: string }
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
