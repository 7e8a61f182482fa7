// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { FAST, fixtureReadingTests, isFailed, isRead, setUrl, watching } from '../../test/fixtures/_shared/adapter-tests';
import type { HelpdeskFixture } from '../../test/fixtures/_shared/site';
import { ACME_ADAPTER, customHelpdeskSite, customHelpdeskUrls } from '../../test/fixtures/custom-helpdesk/routes';
import { DANA, MARCO } from '../../test/fixtures/_shared/demo-customers';
import { declarativeAdapter } from './declarative';
import { createRequesterWatcher, type RequesterWatch } from './watch-requester';

const def = {
  name: 'Acme Helpdesk',
  matches: ['https://support.acme.test/*'],
  ticketUrl: '^https://support\\.acme\\.test/tickets/(\\d+)',
  selectors: { activeScope: '.pane.active', email: '.req a.email', name: '.req .name', requesterId: '.req [data-id]' },
};
const at = (id: string) => setUrl(`https://support.acme.test/tickets/${id}`);
const card = (email: string, name: string) =>
  `<div class="req"><span class="name"> ${name} </span><a class="email" href="mailto:${email}">${name}</a></div>`;
type Read = Extract<RequesterWatch, { state: 'read' }>;
afterEach(() => (document.body.innerHTML = ''));

describe('declarativeAdapter', () => {
  it('reads the ticket id from the URL, only on its own sites', () => {
    const a = declarativeAdapter(def);
    expect(a.id).toBe('custom:acme-helpdesk');
    expect(a.ticketIdFromUrl(new URL('https://support.acme.test/tickets/123?x=1'))).toBe('123');
    expect(a.ticketIdFromUrl(new URL('https://support.acme.test/inbox'))).toBeNull();
    expect(a.ticketIdFromUrl(new URL('https://other.test/tickets/123'))).toBeNull();
  });

  it('builds no ticket address: its ticketUrl reads addresses, it cannot write one', () => {
    expect(declarativeAdapter(def).ticketPath('123')).toBeNull();
  });

  it('reads the requester inside the active pane, mailto by its address, once it renders', async () => {
    at('123');
    document.body.innerHTML = `<div class="pane"><div class="req"><a class="email" href="mailto:old@example.com">old</a></div></div><div class="pane active"></div>`;
    const w = watching(createRequesterWatcher(declarativeAdapter(def), FAST), '123');
    setTimeout(() => {
      document.querySelector('.pane.active')!.innerHTML =
        `<div class="req"><span class="name"> Dana Whitfield </span><a class="email" href="mailto:dana.whitfield@example.com">Dana</a><b data-id>9001</b></div>`;
    }, 20);
    const read = (await w.until(isRead)) as Read;
    expect(read.rule).toBe('changed');
    expect(read.reading.requester).toEqual({ email: 'dana.whitfield@example.com', name: 'Dana Whitfield', helpdeskId: '9001' });
    w.stop();
  });

  it('reads a URL-only rule from named groups, by the url rule', async () => {
    const a = declarativeAdapter({
      name: 'U',
      matches: ['https://support.acme.test/*'],
      ticketUrl: '/t/(?<id>\\d+)\\?email=(?<email>[^&]+)',
    });
    setUrl('https://support.acme.test/t/7?email=marco.rossi%40example.com');
    const w = watching(createRequesterWatcher(a, FAST), '7');
    const read = (await w.until(isRead)) as Read;
    expect(read.reading).toEqual({ requester: { email: 'marco.rossi@example.com' }, source: 'url', missing: [], proof: 'url' });
    w.stop();
  });

  // Issue 15: readRequester() only rejected the exact element it had read, so a redrawn card with the
  // old email was taken as the new ticket's, and the panel stayed one ticket behind for every later switch.
  it('after quick double switches and redrawn cards, never takes the previous ticket’s requester and never lags behind', async () => {
    const watcher = createRequesterWatcher(declarativeAdapter(def), FAST);
    const show = (html: string) => (document.body.innerHTML = `<div class="pane active">${html}</div>`);
    at('1');
    show(card('dana.whitfield@example.com', 'Dana Whitfield'));
    const one = watching(watcher, '1');
    await one.until(isRead);
    one.stop();
    // 1 → 2 → 3 within a few ms; the app redraws the card, still with Dana, twice.
    at('2');
    const two = watching(watcher, '2');
    show(card('dana.whitfield@example.com', 'Dana Whitfield'));
    two.stop();
    at('3');
    const three = watching(watcher, '3');
    show(card('dana.whitfield@example.com', 'Dana W.'));
    await new Promise((r) => setTimeout(r, 80));
    expect(three.reads(), 'took the redrawn card with the old email').toEqual([]);
    expect(three.events.at(-1)).toMatchObject({ state: 'reading', refusal: { kind: 'previous-requester' } });
    show(card('priya.natarajan@example.com', 'Priya Natarajan'));
    expect(((await three.until(isRead)) as Read).reading.requester.email).toBe('priya.natarajan@example.com');
    three.stop();
    // The next switch compares with ticket 3's reading, not 1's: not one behind.
    at('4');
    const four = watching(watcher, '4');
    show(card('priya.natarajan@example.com', 'Priya Natarajan'));
    const failed = await four.until(isFailed);
    expect(failed.state === 'failed' && failed.reason).toMatch(
      /^could not read the requester: the page still shows the previous ticket's requester/,
    );
    show(card('marco.rossi@example.com', 'Marco Rossi'));
    expect(((await four.until(isRead)) as Read).reading.requester.email).toBe('marco.rossi@example.com');
    four.stop();
  });

  it('with "{id}" in activeScope, reads only the pane of this ticket (the pane rule)', async () => {
    const keyed = declarativeAdapter({ ...def, selectors: { ...def.selectors, activeScope: '.pane.active[data-ticket="{id}"]' } });
    at('2');
    document.body.innerHTML = `<div class="pane active" data-ticket="1">${card('dana.whitfield@example.com', 'Dana Whitfield')}</div><div class="pane active" data-ticket="2">${card('dana.whitfield@example.com', 'Dana Whitfield')}</div>`;
    const w = watching(createRequesterWatcher(keyed, FAST), '2');
    const read = (await w.until(isRead)) as Read;
    // Same customer on two tickets is fine when the pane names the ticket.
    expect(read.rule).toBe('pane');
    expect(read.reading.container).toBe(document.querySelector('[data-ticket="2"]'));
    w.stop();
  });

  it('enters a same-origin frame and a shadow root where the selector says so', async () => {
    const chained = declarativeAdapter({
      ...def,
      selectors: {
        activeScope: 'iframe#ticket >> frame >> .pane.active',
        email: 'x-card >> shadow >> a.email',
        name: 'x-card >> shadow >> .name',
      },
    });
    at('5');
    const frame = document.createElement('iframe');
    frame.id = 'ticket';
    frame.setAttribute('srcdoc', '<div class="pane active"><x-card></x-card></div>');
    document.body.replaceChildren(frame);
    await new Promise((r) => setTimeout(r, 30));
    frame.contentDocument!.querySelector('x-card')!.attachShadow({ mode: 'open' }).innerHTML = card(
      'marco.rossi@example.com',
      'Marco Rossi',
    );
    const w = watching(createRequesterWatcher(chained, FAST), '5');
    expect(((await w.until(isRead)) as Read).reading.requester).toEqual({ email: 'marco.rossi@example.com', name: 'Marco Rossi' });
    w.stop();
  });

  for (const where of ['frame', 'shadow'] as const) {
    it(`says when the requester is inside a ${where === 'frame' ? 'frame' : 'shadow root'} the selector does not enter`, async () => {
      at('5');
      if (where === 'frame') {
        const frame = document.createElement('iframe');
        frame.setAttribute('srcdoc', `<div class="pane active">${card('marco.rossi@example.com', 'Marco Rossi')}</div>`);
        document.body.replaceChildren(frame);
      } else {
        document.body.innerHTML = '<x-app></x-app>';
        document
          .querySelector('x-app')!
          .attachShadow({ mode: 'open' }).innerHTML = `<div class="pane active">${card('marco.rossi@example.com', 'Marco Rossi')}</div>`;
      }
      const w = watching(createRequesterWatcher(declarativeAdapter(def), FAST), '5');
      const failed = await w.until(isFailed);
      expect(failed).toMatchObject({ refusal: { kind: where === 'frame' ? 'in-frame' : 'in-shadow-root' } });
      expect(failed.state === 'failed' && failed.reason).toMatch(where === 'frame' ? />> frame >>/ : />> shadow >>/);
    });
  }
});

const custom = {
  id: 'custom-helpdesk',
  tickets: { '123': { ...DANA }, '124': { ...MARCO } },
  site: customHelpdeskSite,
  urls: customHelpdeskUrls,
} as unknown as HelpdeskFixture;
describe('the Acme Helpdesk fixture’s declarative adapter through the reading rule (changed rule)', () =>
  fixtureReadingTests(
    declarativeAdapter(ACME_ADAPTER),
    custom,
    { proof: 'changed', a: { email: DANA.email, name: DANA.name }, b: { email: MARCO.email, name: MARCO.name } },
    { reach: false },
  ));
describe('the same with a ticket-keyed activeScope (pane rule)', () =>
  fixtureReadingTests(
    declarativeAdapter({
      ...ACME_ADAPTER,
      selectors: { ...ACME_ADAPTER.selectors, activeScope: '.ticket-pane.is-true[data-ticket="{id}"]' },
    }),
    custom,
    { proof: 'pane', a: { email: DANA.email, name: DANA.name }, b: { email: MARCO.email, name: MARCO.name } },
    { reach: false },
  ));
