// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fixtureReadingTests, urlTests } from '../../test/fixtures/_shared/adapter-tests';
import { chatwootFixture } from '../../test/fixtures/chatwoot/routes';
import { chatwoot } from './chatwoot';

const setUrl = (url: string) => (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(url);

describe('chatwoot.ticketIdFromUrl', () =>
  urlTests(
    chatwoot,
    [
      ['https://app.chatwoot.com/app/accounts/1/conversations/101', '101'],
      ['https://app.chatwoot.com/app/accounts/1/inbox/2/conversations/102', '102'],
      ['https://app.chatwoot.com/app/accounts/1/custom_view/3/conversations/103', '103'],
      ['https://chat.acme.test/app/accounts/7/label/vip/conversations/104', '104'],
    ],
    ['https://app.chatwoot.com/app/accounts/1/dashboard', 'https://app.chatwoot.com/app/accounts/1/contacts/9001', 'https://app.chatwoot.com/app/accounts/1/conversations/101/messages'],
  ));

describe('chatwoot.readRequester from the API', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('reads meta.sender, signed with the dashboard’s session headers', async () => {
    setUrl(chatwootFixture.urls.b);
    document.cookie = `cw_d_session_info=${encodeURIComponent(JSON.stringify({ 'access-token': 'tok', client: 'cli', uid: 'agent@acme.test' }))}`;
    const fetch = vi.fn(async (_url: string, _init?: RequestInit) => new Response(JSON.stringify({ meta: { sender: { id: 9002, name: 'Marco Rossi', email: 'marco.rossi@example.com', phone_number: '+39 06 1234 5678' } } })));
    vi.stubGlobal('fetch', fetch);
    const r = await chatwoot.readRequester('102', new AbortController().signal);
    expect(r).toEqual({ requester: { email: 'marco.rossi@example.com', name: 'Marco Rossi', phone: '+390612345678', helpdeskId: '9002' }, source: 'chatwoot api', missing: [] });
    expect(fetch.mock.calls[0]![0]).toBe('/api/v1/accounts/1/conversations/102');
    expect(fetch.mock.calls[0]![1]!.headers).toMatchObject({ 'access-token': 'tok', client: 'cli', uid: 'agent@acme.test' });
  });
});

describe('chatwoot.readRequester from the contact panel when the API refuses', () => {
  let url = chatwootFixture.urls.a;
  beforeEach(() => {
    vi.stubGlobal('fetch', async () => new Response('{}', { status: 401 }));
    // committedUrl waits for the URL of the conversation being read.
    const real = chatwoot.readRequester;
    vi.spyOn(chatwoot, 'readRequester').mockImplementation((id, signal) => {
      url = id === '101' ? chatwootFixture.urls.a : chatwootFixture.urls.b;
      setUrl(url);
      return real(id, signal);
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });
  fixtureReadingTests(chatwoot, chatwootFixture, {
    a: { email: 'dana.whitfield@example.com', name: 'Dana Whitfield' },
    b: { email: 'marco.rossi@example.com', name: 'Marco Rossi' },
  });
});
