/**
 * The background's tab sessions under test: fake reader and panel ports, a socket that answers
 * every call, and a tab paired the way a real one is. Imported by the tests of panel-sessions.ts;
 * its beforeEach gives each test a fresh set of sessions.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, vi } from 'vitest';
import { PANEL_PORT, READER_PORT, type ReaderView } from '../lib/messages';
import { createPanelSessions } from './panel-sessions';
import type { LeewaySocket } from './socket';

export const ID = fakeBrowser.runtime.id;
export const PAGE = 'https://acme.zendesk.com/agent/tickets/101';
export const PANEL_URL = `chrome-extension://${ID}/panel.html`;
type Listener = (port: unknown) => void;

export function fakePort(name: string, sender: unknown) {
  const onMessage: ((msg: unknown) => void)[] = [];
  const onDisconnect: (() => void)[] = [];
  return {
    name,
    sender,
    posted: [] as { type: string; [k: string]: unknown }[],
    disconnected: false,
    postMessage(msg: { type: string }) {
      this.posted.push(msg);
    },
    disconnect() {
      this.disconnected = true;
    },
    onMessage: { addListener: (fn: (msg: unknown) => void) => onMessage.push(fn) },
    onDisconnect: { addListener: (fn: () => void) => onDisconnect.push(fn) },
    send: (msg: unknown) => onMessage.forEach((fn) => fn(msg)),
    close: () => onDisconnect.forEach((fn) => fn()),
  };
}

export let listeners: Listener[];
export let calls: { event: string; payload: Record<string, unknown> }[];
export let added: unknown[];
/** Interactions opened in this test: each open is a new one (i1, i2…), as on the server. */
let opens = 0;
export const emitWithAck = vi.fn(async (event: string, payload: Record<string, unknown>) => {
  calls.push({ event, payload });
  if (event === 'interaction:open')
    return {
      data: {
        interactionId: `i${++opens}`,
        status: 'known',
        context: { customer: { id: 'cust-dana', name: 'Dana Whitfield' }, recentEvents: [] },
        leeway: null,
      },
    };
  if (event === 'customer:reveal') return { data: { value: 'dana@example.com' } };
  return { data: { id: 'x1', status: 'recorded', usage: {}, grant: { amountCents: 100, action: 'refund' } } };
});
const emit = vi.fn();
/** Acks waiting on a timed emit: a dropped connection errs them all, as socket.io does. */
const waiting = new Set<(err: Error) => void>();
/** The connection drops: every timed call still waiting fails. */
export const dropConnection = () => [...waiting].forEach((fail) => fail(new Error('socket has been disconnected')));
/**
 * socket.timeout(ms), as socket.io gives it: emitWithAck rejects after `ms`; emit's ack is called
 * (err, answer), with an error after `ms` or when the connection drops, and a late answer is dropped.
 */
const timeout = (ms: number) => ({
  emitWithAck: (event: string, payload: Record<string, unknown>) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('operation has timed out')), ms)));
    return Promise.race([emitWithAck(event, payload), late]).finally(() => clearTimeout(timer));
  },
  emit: (event: string, payload: Record<string, unknown>, ack: (err: Error | null, res?: unknown) => void) => {
    let done = false;
    const settle = (err: Error | null, res?: unknown) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      waiting.delete(fail);
      ack(err, res);
    };
    const fail = (err: Error) => settle(err);
    const timer = setTimeout(() => fail(new Error('operation has timed out')), ms);
    waiting.add(fail);
    void emitWithAck(event, payload).then((res) => settle(null, res));
  },
});
export const socket = { connected: true, timeout, emit } as unknown as LeewaySocket;

beforeEach(() => {
  fakeBrowser.reset();
  listeners = [];
  calls = [];
  added = [];
  opens = 0;
  emitWithAck.mockClear();
  (fakeBrowser.runtime as unknown as { onConnect: unknown }).onConnect = { addListener: (fn: Listener) => listeners.push(fn) };
  sessions = createPanelSessions(() => socket, { add: async (body) => void added.push(body) });
});
export let sessions: ReturnType<typeof createPanelSessions>;

export const connect = (name: string, sender: unknown) => {
  const port = fakePort(name, sender);
  listeners.forEach((fn) => fn(port));
  return port;
};
export const reader = (tabId = 7, url = PAGE, frameId = 0) => connect(READER_PORT, { id: ID, url, tab: { id: tabId }, frameId });
export const panelPort = (tabId = 7, url = PANEL_URL) => connect(PANEL_PORT, { id: ID, url, tab: { id: tabId }, frameId: 3 });
export const hello = (nonce = 'n-real') => ({ type: 'hello', nonce, helpdesk: 'zendesk', helpdeskName: 'Zendesk', theme: 'light' });
export const read = (seq = 1): ReaderView => ({
  seq,
  ticket: { key: 'zendesk:101', id: '101' },
  reading: { state: 'read', requester: { email: 'dana@example.com' }, missing: [] },
});
export const settle = () => new Promise((r) => setTimeout(r, 10));
/** A call over the panel's channel (lib/channel.ts). */
export const call = (name: string, key: string, body: Record<string, unknown>, id = 1) => ({
  type: 'call',
  id,
  name,
  payload: { key, body },
});
export const grantBody = { action: 'refund', amountCents: 100, reasonCode: null, customerId: 'cust-dana', idempotencyKey: 'k1' };
export const grant = call('grant:record', 'zendesk:101', grantBody);
export const reveal = (customerId: string, id = 2) => call('customer:reveal', 'zendesk:101', { customerId, field: 'email' }, id);

/** A tab with its reader, a ticket read, and a paired panel. */
export async function pairedTab() {
  const r = reader();
  r.send(hello());
  r.send({ type: 'view', view: read() });
  const p = panelPort();
  p.send({ type: 'hello', nonce: 'n-real' });
  await settle();
  return { r, p };
}
