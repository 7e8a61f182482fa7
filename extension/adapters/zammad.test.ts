// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiFallbackTests, FAST, fixtureReadingTests, isRead, setUrl, urlTests, watching } from '../../test/fixtures/_shared/adapter-tests';
import { zammadFixture } from '../../test/fixtures/zammad/routes';
import { createRequesterWatcher, type RequesterWatch } from './watch-requester';
import { zammad } from './zammad';

describe('zammad.ticketIdFromUrl', () =>
  urlTests(
    zammad,
    [
      ['https://acme.zammad.com/#ticket/zoom/101', '101'],
      ['https://acme.zammad.com/#ticket/zoom/102/5', '102'],
      ['https://acme.zammad.com/desktop/tickets/101', '101'],
      ['https://support.acme.test/mobile/tickets/102', '102'],
    ],
    [
      'https://acme.zammad.com/#dashboard',
      'https://acme.zammad.com/#ticket/zoom/number/31001',
      'https://acme.zammad.com/#ticket/view/my_tickets',
      'https://acme.zendesk.com/agent/tickets/101',
    ],
  ));

const api = (url: string) => {
  const route = zammadFixture.site.routes.find((r) => r.path.test(url))!;
  const out = route.respond(route.path.exec(url)!, {} as never)!;
  return new Response(out.body, { status: out.status ?? 200 });
};

describe('zammad through the reading rule, from the REST API', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('reads the ticket’s customer_id, then the user', async () => {
    vi.stubGlobal('fetch', async (url: string) => api(url));
    setUrl(zammadFixture.urls.b);
    const w = watching(createRequesterWatcher(zammad, FAST), '102');
    const read = (await w.until(isRead)) as Extract<RequesterWatch, { state: 'read' }>;
    expect(read.reading).toEqual({
      requester: { email: 'marco.rossi@example.com', name: 'Marco Rossi', phone: '+390612345678', helpdeskId: '9002' },
      source: 'zammad api',
      missing: [],
      proof: 'api',
    });
    w.stop();
  });
});

describe('zammad through the reading rule: the API refused, rate-limited or slow', () =>
  apiFallbackTests(
    zammad,
    zammadFixture,
    {
      b: { email: 'marco.rossi@example.com', name: 'Marco Rossi' },
      bFromApi: { email: 'marco.rossi@example.com', name: 'Marco Rossi', phone: '+390612345678', helpdeskId: '9002' },
    },
    api,
    { tabs: true },
  ));

// Several ticket tasks stay mounted; only this ticket's task is read.
describe('zammad through the reading rule, from the page when the API refuses', () => {
  beforeEach(() => vi.stubGlobal('fetch', async () => new Response('{}', { status: 403 })));
  afterEach(() => vi.unstubAllGlobals());
  fixtureReadingTests(
    zammad,
    zammadFixture,
    {
      proof: 'pane',
      a: { email: 'dana.whitfield@example.com', name: 'Dana Whitfield' },
      b: { email: 'marco.rossi@example.com', name: 'Marco Rossi' },
    },
    { tabs: true },
  );
});
