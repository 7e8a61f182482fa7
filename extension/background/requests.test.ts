/**
 * Who may ask the background for what. Senders are what the browser reports (runtime.MessageSender);
 * a content script in a helpdesk page, the panel frame inside that page, another extension, and
 * our own pages, each asking for an access token, to sign in or out, or to change the hosts.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { answer, requestListener, type RequestDeps } from './requests';

const ID = fakeBrowser.runtime.id;
const page = (name: string, tab?: number) => ({
  id: ID,
  url: `chrome-extension://${ID}/${name}`,
  origin: `chrome-extension://${ID}`,
  ...(tab ? { tab: { id: tab } } : {}),
});
const SENDERS = {
  options: page('options.html', 3),
  console: page('console.html', 4),
  sidepanel: page('sidepanel.html'),
  popup: page('popup.html'),
  // Our content script in a helpdesk tab: sender.url is the page's.
  contentScript: {
    id: ID,
    url: 'https://acme.zendesk.com/agent/tickets/101',
    origin: 'https://acme.zendesk.com',
    tab: { id: 7 },
    frameId: 0,
  },
  // The panel's own page, framed inside the helpdesk tab: an extension page, but not one that needs a token.
  panelFrame: { ...page('panel.html', 7), frameId: 3 },
  // Another extension's options page (its messages reach onMessageExternal in a real browser; never trusted here).
  otherExtension: { id: 'abcdefghijklmnopabcdefghijklmnop', url: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/options.html' },
  // A page claiming to be ours through its URL but with another extension's id.
  forgedUrl: { id: 'abcdefghijklmnopabcdefghijklmnop', url: `chrome-extension://${ID}/options.html` },
  none: undefined,
};

type Mocked = { [K in keyof RequestDeps]: ReturnType<typeof vi.fn> & RequestDeps[K] };
function deps(): Mocked {
  return {
    accessToken: vi.fn(async () => 'ACCESS-TOKEN'),
    signIn: vi.fn(async () => {}),
    signOut: vi.fn(async () => {}),
    refreshAdapters: vi.fn(async () => ({})),
    refreshHosts: vi.fn(async () => ({ registered: [], needsPermission: [] })),
    syncRegistrations: vi.fn(async () => ({ registered: [], needsPermission: [] })),
    saveHosts: vi.fn(async (hosts: string[]) => ({ hosts })),
    customerShown: vi.fn(() => ({ key: 'zendesk:101', name: 'Dana Whitfield' })),
  } as never;
}

beforeEach(() => {
  fakeBrowser.reset();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

describe('an access token', () => {
  it('is given to the options page, the console and the side panel', async () => {
    for (const who of ['options', 'console', 'sidepanel'] as const) {
      const d = deps();
      expect(await answer({ type: 'access-token' }, SENDERS[who] as never, d), who).toBe('ACCESS-TOKEN');
    }
  });

  it.each(['contentScript', 'panelFrame', 'otherExtension', 'forgedUrl', 'none'] as const)('is never given to %s', async (who) => {
    const d = deps();
    expect(answer({ type: 'access-token' }, SENDERS[who] as never, d)).toBeNull();
    expect(answer({ type: 'access-token', force: true }, SENDERS[who] as never, d)).toBeNull();
    expect(d.accessToken).not.toHaveBeenCalled();
  });

  it('through the runtime listener: a content script gets no answer at all, and no token is even fetched', async () => {
    const d = deps();
    const listen = requestListener(d);
    const sendResponse = vi.fn();
    expect(listen({ type: 'access-token' }, SENDERS.contentScript as never, sendResponse)).toBeUndefined();
    await new Promise((r) => setTimeout(r, 10));
    expect(sendResponse).not.toHaveBeenCalled();
    expect(d.accessToken).not.toHaveBeenCalled();

    // The same message from the console is answered.
    expect(listen({ type: 'access-token' }, SENDERS.console as never, sendResponse)).toBe(true);
    await vi.waitFor(() => expect(sendResponse).toHaveBeenCalledWith('ACCESS-TOKEN'));
  });
});

describe('sign-in, sign-out and the hosts', () => {
  const requests = [
    { type: 'sign-in', serverUrl: 'https://evil.example', email: 'a@b.c', password: 'x' },
    { type: 'sign-out' },
    { type: 'hosts-save', hosts: ['evil.zendesk.com'] },
    { type: 'hosts-refresh' },
    { type: 'adapters-refresh' },
    { type: 'adapters-sync' },
  ] as const;

  it.each(requests)('$type is refused from a content script and from the panel frame', async (msg) => {
    const d = deps();
    for (const who of ['contentScript', 'panelFrame', 'otherExtension'] as const)
      expect(answer(msg, SENDERS[who] as never, d), who).toBeNull();
    for (const fn of Object.values(d)) expect(fn).not.toHaveBeenCalled();
  });

  it.each(requests)('$type is answered for the options page', async (msg) => {
    const d = deps();
    await expect(answer(msg, SENDERS.options as never, d)).resolves.not.toBeUndefined();
  });

  it("answers the server's sentence when sign-in fails, without throwing", async () => {
    const d = deps();
    d.signIn.mockRejectedValueOnce(new Error('Wrong email or password'));
    expect(await answer({ type: 'sign-in', serverUrl: 'http://x', email: 'a@b.c', password: 'p' }, SENDERS.options as never, d)).toEqual({
      ok: false,
      error: 'Wrong email or password',
    });
  });

  it('leaves messages it does not know to other listeners', () => {
    const listen = requestListener(deps());
    expect(listen({ type: 'view' }, SENDERS.contentScript as never, vi.fn())).toBeUndefined();
    expect(answer({ type: 'toString' }, SENDERS.options as never, deps())).toBeNull();
    expect(answer(null, SENDERS.options as never, deps())).toBeNull();
  });
});

describe("the customer a tab's panel shows", () => {
  it('is told to the popup, for the tab it names', async () => {
    const d = deps();
    expect(await answer({ type: 'tab-customer', tabId: 7 }, SENDERS.popup as never, d)).toEqual({
      key: 'zendesk:101',
      name: 'Dana Whitfield',
    });
    expect(d.customerShown).toHaveBeenCalledWith(7);
  });

  it.each(['contentScript', 'panelFrame', 'options', 'otherExtension', 'forgedUrl', 'none'] as const)('is never told to %s', (who) => {
    const d = deps();
    expect(answer({ type: 'tab-customer', tabId: 7 }, SENDERS[who] as never, d)).toBeNull();
    expect(d.customerShown).not.toHaveBeenCalled();
  });
});
