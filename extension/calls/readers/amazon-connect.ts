/**
 * Amazon Connect, in the page's main world: the CCP (`/ccp-v2/`) and the agent workspace
 * (`/agent-app-v2/`) run Amazon's Streams library, whose `connect.contact(cb)` hands over each
 * contact as it arrives. A contact rings (`onConnecting`, before the agent accepts), connects
 * (`onConnected`), goes to after-call work (`onACW`) and is cleared (`onDestroy`). The caller is
 * `getInitialConnection().getEndpoint().phoneNumber` (a number or a `sip:` URI). Contact
 * attributes may carry a customer id: Leeway does not use it, because anything the page hands over
 * could name any customer; the server finds the caller by number.
 * From Streams' public documentation; that `window.connect` is reachable from the CCP's own page
 * (not only from a page embedding it) is inferred.
 */
import { safeText, type CallFields, type EmitCall } from './post';

interface StreamsContact {
  getContactId(): string;
  getType?(): string;
  getStatus?(): { type?: string };
  getInitialConnection?(): { getEndpoint?(): { phoneNumber?: string } | null } | null;
  onConnecting?(cb: () => void): void;
  onIncoming?(cb: () => void): void;
  onConnected?(cb: () => void): void;
  onACW?(cb: () => void): void;
  onDestroy?(cb: () => void): void;
}
interface Streams {
  contact(cb: (c: StreamsContact) => void): void;
  agent?(cb: (a: { getContacts?(): StreamsContact[] }) => void): void;
}

/** Streams' status type at the moment Leeway first sees a contact. */
const STATUS: Record<string, CallFields['state']> = {
  init: 'ringing',
  incoming: 'ringing',
  pending: 'ringing',
  connecting: 'ringing',
  connected: 'connected',
  ended: 'wrap-up',
};

export function findStreams(win: Window): Streams | null {
  const c = (win as unknown as { connect?: Partial<Streams> }).connect;
  return c && typeof c.contact === 'function' ? (c as Streams) : null;
}

export function watchAmazonConnect(streams: Streams, emit: EmitCall): void {
  const seen = new Set<string>();
  const follow = (contact: StreamsContact) => {
    const contactId = safeText(() => contact.getContactId());
    if (!contactId || seen.has(contactId)) return;
    seen.add(contactId);
    const channel = safeText(() => contact.getType?.()) === 'chat' ? 'chat' : 'voice';
    const say = (state: CallFields['state']) =>
      emit({ contactId, state, channel, from: safeText(() => contact.getInitialConnection?.()?.getEndpoint?.()?.phoneNumber) });
    const on = (subscribe: ((cb: () => void) => void) | undefined, state: CallFields['state']) => {
      try {
        subscribe?.call(contact, () => say(state));
      } catch {
        // A contact object without this event: the others still report.
      }
    };
    on(contact.onConnecting, 'ringing');
    on(contact.onIncoming, 'ringing');
    on(contact.onConnected, 'connected');
    on(contact.onACW, 'wrap-up');
    on(contact.onDestroy, 'ended');
    const now = STATUS[safeText(() => contact.getStatus?.()?.type) ?? ''];
    if (now) say(now);
  };
  streams.contact(follow);
  // A contact already on the line when this script arrived (a reload mid-call).
  try {
    streams.agent?.((a) => {
      for (const c of a.getContacts?.() ?? []) follow(c);
    });
  } catch {
    // No agent API: new contacts still arrive through contact().
  }
}
