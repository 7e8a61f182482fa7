// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { adapterFor } from './index';
import { zendesk } from './zendesk';

const id = (url: string) => zendesk.ticketIdFromUrl(new URL(url));

describe('zendesk.ticketIdFromUrl', () => {
  it.each([
    ['https://acme.zendesk.com/agent/tickets/101', '101'],
    ['https://acme.zendesk.com/agent/tickets/101/', '101'],
    ['https://acme.zendesk.com/agent/tickets/101/events', '101'],
    ['https://support-eu.zendesk.com/agent/tickets/987654?foo=bar#x', '987654'],
  ])('reads the ticket id from %s', (url, expected) => expect(id(url)).toBe(expected));

  it.each([
    'https://acme.zendesk.com/agent/filters/360001',
    'https://acme.zendesk.com/agent/tickets/new/1',
    'https://acme.zendesk.com/agent/tickets/abc',
    'https://acme.zendesk.com/agent/users/9001/tickets',
    'https://zendesk.com.evil.example/agent/tickets/1',
    'https://acme.freshdesk.com/a/tickets/5',
  ])('is not a ticket: %s', (url) => expect(id(url)).toBeNull());
});

describe('adapterFor', () => {
  it('claims Zendesk hosts and nothing else', () => {
    expect(adapterFor(new URL('https://acme.zendesk.com/agent/tickets/1'))?.id).toBe('zendesk');
    expect(adapterFor(new URL('https://acme.freshdesk.com/a/tickets/5'))?.id).not.toBe('zendesk');
    expect(adapterFor(new URL('http://acme.zendesk.com/agent/tickets/1'))).toBeNull();
  });
});

describe('zendesk.readRequester', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('reads the requester from Zendesk’s same-origin API', async () => {
    vi.stubGlobal('fetch', async (url: string) => {
      const body = url.includes('/tickets/101') ? { ticket: { requester_id: 9001 } } : { user: { email: ' Dana@Example.com ', name: 'Dana', phone: '+1 (415) 555-0100' } };
      return new Response(JSON.stringify(body), { status: 200 });
    });
    const r = await zendesk.readRequester('101', new AbortController().signal);
    expect(r).toEqual({ requester: { email: 'Dana@Example.com', name: 'Dana', phone: '+14155550100', helpdeskId: '9001' }, source: 'zendesk api', missing: [] });
  });

  it('falls back to the active pane only when the API is unavailable', async () => {
    vi.stubGlobal('fetch', async () => new Response('nope', { status: 403 }));
    document.body.innerHTML = `
      <div class="ticket-panes-grid-layout" data-is-active="false" data-side-conversations-anchor-id="101">
        <div data-test-id="ticket-requester-email">dana.whitfield@example.com</div>
      </div>
      <div class="ticket-panes-grid-layout" data-is-active="true" data-side-conversations-anchor-id="102">
        <div data-test-id="ticket-requester-name">Marco Rossi</div>
      </div>`;
    const pending = zendesk.readRequester('102', new AbortController().signal);
    // The context panel renders late, as Zendesk's does.
    setTimeout(() => {
      document.querySelector('[data-side-conversations-anchor-id="102"]')!.insertAdjacentHTML('beforeend', '<div data-test-id="ticket-requester-email">marco.rossi@example.com</div>');
    }, 50);
    expect(await pending).toEqual({ requester: { email: 'marco.rossi@example.com', name: 'Marco Rossi' }, source: 'page', missing: [] });
  });

  it('says what it could not read when the page never shows the requester', async () => {
    vi.stubGlobal('fetch', async () => new Response('nope', { status: 500 }));
    document.body.innerHTML = '<div class="ticket-panes-grid-layout" data-is-active="true" data-side-conversations-anchor-id="7"></div>';
    const r = await zendesk.readRequester('7', new AbortController().signal);
    expect(r.requester).toEqual({});
    expect(r.missing).toEqual(['email', 'phone']);
  }, 10_000);

  it('the saved fixture page carries the elements the adapter reads', () => {
    const html = readFileSync('test/fixtures/zendesk/agent.html', 'utf8');
    for (const marker of ['data-side-conversations-anchor-id', 'data-is-active', 'ticket-requester-email', 'header-tab', 'omni-header-subject']) {
      expect(html, `fixture lacks ${marker}`).toContain(marker);
    }
  });
});
