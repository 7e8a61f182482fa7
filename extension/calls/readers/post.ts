/**
 * How a main-world reader hands a call to the isolated content script: one window message of a
 * fixed shape (shared/schemas/call-reading.ts), to this page's own origin. Everything read from
 * the page's objects is coerced here: a platform library (or a page script posing as one) may
 * hand over anything, and a throwing getter must not stop the next reading.
 */
import type { CALL_HELLO, CALL_READING, CallReading } from '@shared/schemas/call-reading';

// Typed against the schema's constants, written out: importing the schema would bring zod into the page's world.
const TYPE: typeof CALL_READING = 'leeway:call-reading';
const HELLO: typeof CALL_HELLO = 'leeway:call-hello';

export type CallFields = Omit<CallReading, 'type' | 'desktop'>;
export type EmitCall = (fields: CallFields) => void;

/**
 * Call at start (document_start, before any page script): a page that replaces postMessage later
 * does not get our readings. Each contact's latest reading is kept, and said again when the
 * isolated script says hello (CALL_HELLO): it starts at document_idle, after a call may already ring.
 */
export function postCall(desktop: CallReading['desktop']): EmitCall {
  const post = window.postMessage.bind(window);
  const origin = location.origin;
  const latest = new Map<string, CallReading>();
  window.addEventListener('message', (e) => {
    if (e.source !== window || (e.data as { type?: unknown } | null)?.type !== HELLO) return;
    for (const reading of latest.values()) post(reading, origin);
  });
  return (fields) => {
    const reading: CallReading = { type: TYPE, desktop, ...fields };
    if (fields.state === 'ended') latest.delete(fields.contactId);
    else latest.set(fields.contactId, reading);
    post(reading, origin);
  };
}

/** `read()`'s value as a short string, or null when it throws or is not text or a number. */
export function safeText(read: () => unknown): string | null {
  try {
    const v = read();
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    return typeof v === 'string' && v.length > 0 ? v.slice(0, 200) : null;
  } catch {
    return null;
  }
}
