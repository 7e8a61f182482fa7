// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiFallbackTests, FAST, fixtureReadingTests, isRead, setUrl, urlTests, watching } from '../../test/fixtures/_shared/adapter-tests';
import { chatwootFixture } from '../../test/fixtures/chatwoot/routes';
import { chatwoot } from './chatwoot';
import { createRequesterWatcher, type RequesterWatch } from './watch-requester';

describe('chatwoot.ticketIdFromUrl', () =>
  urlTests(
    chatwoot,
    [
      ['https://app.chatwoot.com/app/accounts/1/conversations/101', '101'],
      ['https://app.chatwoot.com/app/accounts/1/inbox/2/conversations/102', '102'],
      ['https://app.chatwoot.com/app/accounts/1/custom_view/3/conversations/103', '103'],
      ['https://chat.acme.test/app/accounts/7/label/vip/conversations/104', '104'],
    ],
    [
      'https://app.chatwoot.com/app/accounts/1/dashboard',
      'https://app.chatwoot.com/app/accounts/1/contacts/9001',
      'https://app.chatwoot.com/app/accounts/1/conversations/101/messages',
    ],
  ));

describe('chatwoot through the reading rule, from the API', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('reads meta.sender, signed with the dashboard’s session headers', async () => {
    setUrl(chatwootFixture.urls.b);
    // biome-ignore lint/suspicious/noDocumentCookie: the test plants the session cookie the helpdesk's own page would set
    document.cookie = `cw_d_session_info=${encodeURIComponent(JSON.stringify({ 'access-token': 'tok', client: 'cli', uid: 'agent@acme.test' }))}`;
    const fetch = vi.fn(
      async (_url: string, _init?: RequestInit) =>
        new Response(
          JSON.stringify({
            meta: { sender: { id: 9002, name: 'Marco Rossi', email: 'marco.rossi@example.com', phone_number: '+39 06 1234 5678' } },
          }),
        ),
    );
    vi.stubGlobal('fetch', fetch);
    const w = watching(createRequesterWatcher(chatwoot, FAST), '102');
    const read = (await w.until(isRead)) as Extract<RequesterWatch, { state: 'read' }>;
    expect(read.rule).toBe('api');
    expect(read.reading).toEqual({
      requester: { email: 'marco.rossi@example.com', name: 'Marco Rossi', phone: '+390612345678', helpdeskId: '9002' },
      source: 'chatwoot api',
      missing: [],
      proof: 'api',
    });
    expect(fetch.mock.calls[0]![0]).toBe('/api/v1/accounts/1/conversations/102');
    expect(fetch.mock.calls[0]![1]!.headers).toMatchObject({ 'access-token': 'tok', client: 'cli', uid: 'agent@acme.test' });
    w.stop();
  });
});

const api = (url: string) => {
  const route = chatwootFixture.site.routes.find((r) => r.path.test(url))!;
  const out = route.respond(route.path.exec(url)!, {} as never)!;
  return new Response(out.body, { status: out.status ?? 200 });
};

describe('chatwoot through the reading rule: the API refused, rate-limited or slow', () =>
  apiFallbackTests(
    chatwoot,
    chatwootFixture,
    {
      b: { email: 'marco.rossi@example.com', name: 'Marco Rossi' },
      bFromApi: { email: 'marco.rossi@example.com', name: 'Marco Rossi', phone: '+390612345678', helpdeskId: '9002' },
    },
    api,
  ));

describe('chatwoot through the reading rule, from the contact panel when the API refuses', () => {
  beforeEach(() => vi.stubGlobal('fetch', async () => new Response('{}', { status: 401 })));
  afterEach(() => vi.unstubAllGlobals());
  fixtureReadingTests(chatwoot, chatwootFixture, {
    proof: 'changed',
    a: { email: 'dana.whitfield@example.com', name: 'Dana Whitfield' },
    b: { email: 'marco.rossi@example.com', name: 'Marco Rossi' },
  });
});
