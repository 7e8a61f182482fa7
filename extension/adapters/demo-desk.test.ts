// @vitest-environment happy-dom
/**
 * The demo desk adapter against the desk itself: the page and script the demo server serves
 * (server/src/demo/desk), run here in happy-dom, switched in-app as an agent would.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTicketRef, ticketRef } from '@shared/ticket-ref';
import { FAST, isFailed, isRead, setUrl, urlTests, watching } from '../../test/fixtures/_shared/adapter-tests';
import { DESK_REQUESTERS, deskPage } from '../../test/fixtures/demo-desk/routes';
import { chooseAdapter } from '../lib/declarative';
import { demoDesk } from './demo-desk';
import { adapterFor } from './index';
import { createRequesterWatcher, type RequesterWatch } from './watch-requester';

const SERVER = 'http://127.0.0.1:4000';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('demoDesk.ticketIdFromUrl', () =>
  urlTests(
    demoDesk,
    [
      [`${SERVER}/demo/desk/tickets/101`, '101'],
      [`${SERVER}/demo/desk/tickets/104/`, '104'],
      ['http://localhost:5123/demo/desk/tickets/7?tab=1#reply', '7'],
      ['https://leeway.acme.test/demo/desk/tickets/105', '105'],
    ],
    [
      `${SERVER}/demo/desk`,
      `${SERVER}/demo/desk/`,
      `${SERVER}/demo/desk/tickets/`,
      `${SERVER}/demo/desk/tickets/abc`,
      `${SERVER}/demo/desk/tickets/101/events`,
      `${SERVER}/demo/desk/tickets/12345678901`,
      `${SERVER}/demo/desk/assets/desk.js`,
      `${SERVER}/tickets/101`,
      `${SERVER}/x/demo/desk/tickets/101`,
      'https://acme.zendesk.com/agent/tickets/101',
    ],
  ));

describe('demoDesk', () => {
  it('links to a ticket at the path it reads back', () => {
    expect(demoDesk.ticketPath('105')).toBe('/demo/desk/tickets/105');
    expect(demoDesk.ticketIdFromUrl(new URL(demoDesk.ticketPath('105')!, SERVER))).toBe('105');
  });

  it('has no fixed host: adapterFor never picks it, only detect() on the desk page', () => {
    expect(demoDesk.matches).toEqual([]);
    expect(adapterFor(new URL(`${SERVER}/demo/desk/tickets/101`))).toBeNull();
    document.body.innerHTML = '<main>Another page at the same address</main>';
    expect(demoDesk.detect!(new URL(`${SERVER}/demo/desk/tickets/101`), document)).toBe(false);
  });

  it('its ticket references read back, the hyphen in its id included', () => {
    const ref = ticketRef('demo-desk', '127.0.0.1:4000', '101');
    expect(ref).toBe('demo-desk@127.0.0.1:4000:101');
    expect(parseTicketRef(ref)).toEqual({ helpdesk: 'demo-desk', instance: '127.0.0.1:4000', id: '101' });
    expect(parseTicketRef('demo-desk:101')).toEqual({ helpdesk: 'demo-desk', instance: null, id: '101' });
  });
});

describe('on the desk page', () => {
  beforeAll(async () => {
    setUrl(`${SERVER}/demo/desk/tickets/101`);
    // Its <head> only loads the script and styles: the script is imported below, the styles are not needed.
    const page = new DOMParser().parseFromString(deskPage().replace(/<head>[\s\S]*<\/head>/, ''), 'text/html');
    document.body.innerHTML = page.body.innerHTML;
    for (const { name, value } of page.body.attributes) document.body.setAttribute(name, value);
    // @ts-expect-error plain JS served to the browser as is
    await import('../../server/src/demo/desk/desk.js');
  });
  const read = (w: RequesterWatch) => (w.state === 'read' ? w.reading : null);

  it('is recognised there, as a self-hosted adapter', () => {
    const choice = chooseAdapter(new URL(location.href), document, []);
    expect(choice?.adapter.id).toBe('demo-desk');
    expect(choice?.kind).toBe('self-hosted');
  });

  it('reads the requester card of the ticket on screen, then of the ticket a tab switches to in-app', async () => {
    const watcher = createRequesterWatcher(demoDesk, FAST);
    const a = watching(watcher, '101');
    const first = read(await a.until(isRead))!;
    expect(first.requester).toEqual(DESK_REQUESTERS['101']);
    expect(first.proof).toBe('pane');
    a.stop();

    document.querySelector<HTMLElement>('[data-desk-tab="102"]')!.click();
    expect(location.pathname).toBe('/demo/desk/tickets/102');
    expect(demoDesk.ticketIdFromUrl(new URL(location.href))).toBe('102');
    const b = watching(watcher, '102');
    expect(read(await b.until(isRead))!.requester).toEqual(DESK_REQUESTERS['102']);
    // Marco has no phone on the desk: the card says nothing of it.
    expect(document.querySelector('[data-desk-requester="102"]')!.textContent).not.toMatch(/null|undefined/);
    b.stop();

    // From the view list, to the requester no demo customer matches: the desk names them all the same.
    document.querySelector<HTMLElement>('[data-desk-link="104"]')!.click();
    const c = watching(watcher, '104');
    expect(read(await c.until(isRead))!.requester).toEqual(DESK_REQUESTERS['104']);
    c.stop();
  });

  it('never reads a hidden ticket’s card for the ticket on screen', async () => {
    document.querySelector<HTMLElement>('[data-desk-tab="101"]')!.click();
    await sleep(200);
    expect(document.querySelectorAll('[data-desk-ticket]').length).toBeGreaterThan(1); // the others stay mounted
    expect(demoDesk.readPage('102')).toEqual([]);
    expect(demoDesk.readPage('101').map((r) => r.requester.email)).toEqual([DESK_REQUESTERS['101'].email]);
    const w = watching(createRequesterWatcher(demoDesk, FAST), '102');
    expect((await w.until(isFailed)).state).toBe('failed');
    expect(w.reads()).toEqual([]);
    w.stop();
  });

  it('reads the customer’s messages on the ticket, not the agent’s', () => {
    const messages = demoDesk.readMessages!('101', DESK_REQUESTERS['101']);
    expect(messages.map((m) => m.text)).toEqual([
      'Hi, my card was charged twice for the October invoice ($129.00 each time). Can you refund one of them?',
      'Still waiting on my refund. I was about to cancel my subscription over this.',
    ]);
    expect(messages.every((m) => m.at && !Number.isNaN(Date.parse(m.at)))).toBe(true);
  });
});
