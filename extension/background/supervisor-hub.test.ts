/**
 * The supervisor's port (decisions on requests, the board, duty) is opened only by the side panel
 * page. A content script, the panel frame or another extension naming the port is cut off unheard.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SIDEPANEL_PORT } from '../lib/messages';
import type { LeewaySocket } from './socket';
import { createSupervisorHub } from './supervisor-hub';

const ID = fakeBrowser.runtime.id;
type Listener = (port: unknown) => void;

function fakePort(sender: unknown) {
  const onMessage: ((msg: unknown) => void)[] = [];
  return {
    name: SIDEPANEL_PORT,
    sender,
    posted: [] as unknown[],
    disconnected: false,
    postMessage(msg: unknown) {
      this.posted.push(msg);
    },
    disconnect() {
      this.disconnected = true;
    },
    onMessage: { addListener: (fn: (msg: unknown) => void) => onMessage.push(fn) },
    onDisconnect: { addListener: () => {} },
    send: (msg: unknown) => onMessage.forEach((fn) => fn(msg)),
  };
}

let listeners: Listener[];
const emitWithAck = vi.fn(async () => ({ data: { decided: true } }));
const socket = { connected: true, timeout: () => ({ emitWithAck }) } as unknown as LeewaySocket;

beforeEach(() => {
  fakeBrowser.reset();
  listeners = [];
  emitWithAck.mockClear();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  // fake-browser has no onConnect: collect the hub's listener to call it as the browser would.
  (fakeBrowser.runtime as unknown as { onConnect: unknown }).onConnect = { addListener: (fn: Listener) => listeners.push(fn) };
  createSupervisorHub(() => socket);
});
const connect = (sender: unknown) => {
  const port = fakePort(sender);
  listeners.forEach((fn) => fn(port));
  return port;
};

const decide = { type: 'call', id: 1, name: 'exception:decide', payload: { exceptionId: 'e1', decision: 'approved' } };

describe('the side panel port', () => {
  it('serves the side panel page: status first, then answers', async () => {
    const port = connect({ id: ID, url: `chrome-extension://${ID}/sidepanel.html` });
    expect(port.disconnected).toBe(false);
    expect(port.posted[0]).toMatchObject({ type: 'status' });
    port.send(decide);
    await vi.waitFor(() => expect(port.posted).toContainEqual({ type: 'reply', id: 1, res: { data: { decided: true } } }));
  });

  it.each([
    ['a content script in a helpdesk tab', { id: ID, url: 'https://acme.zendesk.com/agent/tickets/101', tab: { id: 7 } }],
    ['the panel frame', { id: ID, url: `chrome-extension://${ID}/panel.html`, tab: { id: 7 } }],
    ['the options page', { id: ID, url: `chrome-extension://${ID}/options.html` }],
    [
      'another extension',
      { id: 'abcdefghijklmnopabcdefghijklmnop', url: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/sidepanel.html' },
    ],
    ['an unknown sender', undefined],
  ])('cuts off %s unheard: no status, no decision reaches the server', async (_who, sender) => {
    const port = connect(sender);
    expect(port.disconnected).toBe(true);
    port.send(decide);
    await new Promise((r) => setTimeout(r, 10));
    expect(port.posted).toEqual([]);
    expect(emitWithAck).not.toHaveBeenCalled();
  });
});
