/**
 * Messages between a tab and the background. Two long-lived runtime ports per tab:
 * - READER_PORT, from the content script in the helpdesk page (top frame): which ticket the page
 *   shows and what its requester reads. It carries no customer data back and can take no action.
 * - PANEL_PORT, from the panel page (panel.html, an extension page in an iframe the content script
 *   mounts): the panel's state and every action (reveal, grant, request, withdraw, resolve). Its
 *   requests go over the typed channel (lib/channel.ts); their replies come back on the same port.
 * The background pairs the two of a tab by the tab id and a nonce only the content script and its
 * own frame know (the content script posts it into the frame; the page never sees it).
 */
import type { CallState } from '@shared/schemas/call-reading';
import type { PopQuery } from '@shared/schemas/pop';
import type { CustomerEvent } from '@shared/schemas/customer-events';
import type { InteractionOpened, Requester } from '@shared/schemas/context';
import type { HelpdeskRef } from '@shared/schemas/helpdesk-ref';
import type { ExceptionView } from '@shared/schemas/exceptions';
import type { SessionUser } from '@shared/schemas/auth';
import type { Signals } from '@shared/schemas/signals';
import type { PanelRecommendations } from '@shared/schemas/recommendations';
import type { LogReceipt, ResolutionBody } from '@shared/schemas/resolutions';
import type { HostTheme } from '../panel/host-theme';
import type { CallMessage, Payload, ReplyMessage, SocketCall, SocketEvent } from './channel';

export const PANEL_PORT = 'leeway-panel';
export const READER_PORT = 'leeway-reader';

/** The content script's window message into its own panel frame: the pairing nonce. */
export interface FrameHello {
  leewayPanelNonce: string;
}

import type { ConnectionStatus } from './connection-status';
export type { ConnectionStatus };

/** What the page shows now, as the content script read it. `seq` grows on every change. */
export type ReaderView =
  | { seq: number; ticket: null }
  | {
      seq: number;
      /**
       * `call`: on a contact-center desktop, the call (or chat) this "ticket" is, where it stands, and
       * when it was answered (this browser's clock): handle time counts from then.
       * `pop`: on a screen-pop page, the signed link, which the server verifies to open the call.
       */
      ticket: { key: string; id: string; call?: { state: CallState; channel: 'voice' | 'chat'; answeredAt?: number }; pop?: PopQuery };
      /** 'reading' until a reading is provably this ticket's; `requester` only when 'read'. */
      reading:
        | { state: 'reading'; why?: string }
        | { state: 'read'; requester: Requester; missing: string[] }
        | { state: 'failed'; reason: string };
    };

export type ReaderToBackground =
  | { type: 'hello'; nonce: string; helpdesk: HelpdeskRef; helpdeskName: string; theme: HostTheme }
  | { type: 'view'; view: ReaderView }
  | { type: 'messages'; key: string; messages: { text: string; at?: string }[] }
  | { type: 'theme'; theme: HostTheme }
  /** The keyboard command reached the content script: the panel collapses or expands (`focus`: see PanelFocus). */
  | { type: 'toggle'; focus?: PanelFocus };

/**
 * What the keyboard command does to focus: 'enter', the page had it and the frame now does (the
 * panel expands and focuses its first control); 'leave', the panel had it and the page has it back
 * (the panel collapses). Absent: the panel only flips.
 */
export type PanelFocus = 'enter' | 'leave';

/** Cosmetic layout the panel asks of its frame; the content script clamps it to the viewport. */
export type FrameLayout =
  | { type: 'size'; width: number; height: number }
  /** dx/dy: how far the pointer moved since 'start'; x/y (on 'start'): where in the frame it took hold. */
  | { type: 'drag'; phase: 'start' | 'move' | 'end'; dx: number; dy: number; x?: number; y?: number }
  /** "Reset position": back to the helpdesk's default place. */
  | { type: 'reset' }
  /** Escape in the panel: focus goes back to the page element that had it before the shortcut. */
  | { type: 'focus-page' };

export type BackgroundToReader =
  /** The panel renders view `seq`: the frame may be shown. */
  | { type: 'shown'; seq: number }
  | { type: 'layout'; layout: FrameLayout }
  /** For the popup's diagnostics: what the panel shows for `key`. */
  | {
      type: 'summary';
      key: string | null;
      phase: string;
      tried: string[];
      failure: string | null;
      status: ConnectionStatus;
    };

/** What the panel may ask the background, each for the ticket on screen (`key`): contract events with their replies. */
type PanelCall<E extends SocketEvent, P = Payload<E>> = SocketCall<E, { key: string; body: P }>;
export type PanelCalls = {
  /** The interaction is added by the background, and the customer checked against the ticket's. */
  'grant:record': PanelCall<'grant:record'>;
  'exception:request': PanelCall<'exception:request'>;
  'exception:withdraw': PanelCall<'exception:withdraw'>;
  'customer:reveal': PanelCall<'customer:reveal'>;
  /** Helpdesk, instance and ticket are the page's, as the background reads it. */
  'resolution:draft': PanelCall<'resolution:draft', Record<string, never>>;
  /** Unknown requester: the tenant's customers to link it to. */
  'customer:search': PanelCall<'customer:search'>;
  /** The interaction and the page's requester are the background's, as it opened them; the panel names only the customer. */
  'customer:link': PanelCall<'customer:link', { customerId: string }>;
  /** Next best action for the ticket's customer: the interaction is the background's, the customer the server's. */
  'offer:recommend': PanelCall<'offer:recommend', Record<string, never>>;
  'offer:outcome': PanelCall<'offer:outcome', { offerId: string; accepted: boolean }>;
};
export type PanelCallName = keyof PanelCalls;

export type PanelToBackground =
  | { type: 'hello'; nonce: string }
  /** The panel has rendered view `seq` (synchronously, before this is sent). */
  | { type: 'rendered'; seq: number }
  | { type: 'layout'; layout: FrameLayout }
  /** Fetch this ticket's context afresh (after a decided request); reopens the same interaction. */
  | { type: 'refresh'; key: string }
  /** Into the outbox, which sends it until the server acknowledges it (answered by 'logged', to every panel). */
  | { type: 'resolve'; key: string; body: ResolutionBody }
  | CallMessage<PanelCalls>;

export type BackgroundToPanel =
  /** Paired with the tab's content script: which helpdesk this panel is on. */
  | { type: 'paired'; helpdesk: HelpdeskRef; helpdeskName: string }
  | { type: 'view'; view: ReaderView }
  | { type: 'theme'; theme: HostTheme }
  | { type: 'toggle'; focus?: PanelFocus }
  | { type: 'status'; status: ConnectionStatus }
  | { type: 'opened'; key: string; result: InteractionOpened }
  /** `retry`: opening again may work (no answer in time, a limit, a platform's word not come yet). */
  | { type: 'failed'; key: string; message: string; retry: boolean }
  | { type: 'event'; customerId: string; event: CustomerEvent }
  /** An update to the agent's own request, raised from this ticket. */
  | { type: 'exception'; key: string; exception: ExceptionView }
  /** Ticket signals answer this panel's messages; customer signals are pushed to every panel on that customer. */
  | { type: 'signals'; key: string | null; customerId: string; signals: Signals }
  /** The outbox as it stands, to every panel: records waiting, and any refused for good. */
  | {
      type: 'outbox';
      waiting: number;
      refused: { ticketId: string; message: string }[];
      /** Records other agents signed in here wrote: sent when each signs in again, never by this one. */
      held: { author: string; count: number }[];
      /** The tickets of this panel's helpdesk instance whose record waits: resolved already, not to be resolved twice. */
      waitingHere: string[];
    }
  | { type: 'logged'; ticketId: string; receipt: LogReceipt }
  /** Suggested offers the server computed afresh for this ticket's interaction (the customer changed). */
  | { type: 'recommendations'; key: string; offers: PanelRecommendations }
  | ReplyMessage;

export const SIDEPANEL_PORT = 'leeway-sidepanel';

/** The supervisor's side panel asks these, as the contract has them. */
export type SidePanelCalls = {
  'duty:set': SocketCall<'duty:set'>;
  'exception:pending': SocketCall<'exception:pending'>;
  'exception:decide': SocketCall<'exception:decide'>;
  'exception:board': SocketCall<'exception:board'>;
};
export type SidePanelToBackground = CallMessage<SidePanelCalls>;

export type BackgroundToSidePanel =
  | ReplyMessage
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
  | { type: 'sign-out' }
  /** The popup's: the customer tab `tabId`'s panel shows, as `{ key, name }` (its ticket's key), or null. */
  | { type: 'tab-customer'; tabId: number };

/** Requests to a tab's content script, over tabs.sendMessage: the keyboard command, and the popup's diagnostics. */
export type ToContentScript = { type: 'toggle-panel' } | { type: 'diagnostics' };

export type { Diagnostics } from './diagnostics';
