// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FAST, isFailed, isRead, setUrl, watching } from '../../test/fixtures/_shared/adapter-tests';
import { adapterFor } from './index';
import { createRequesterWatcher, type RequesterWatch } from './watch-requester';
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

const pane = (id: string, active: boolean, who?: { email: string; name: string }) => `
  <div class="ticket-panes-grid-layout" data-is-active="${active}" data-side-conversations-anchor-id="${id}">
    <aside data-test-id="customer-context">${who ? `<div data-test-id="ticket-requester-name">${who.name}</div><div data-test-id="ticket-requester-email">${who.email}</div>` : 'Loading…'}</aside>
  </div>`;
const DANA = { email: 'dana.whitfield@example.com', name: 'Dana Whitfield' };
const MARCO = { email: 'marco.rossi@example.com', name: 'Marco Rossi' };
const users: Record<string, object> = { '9001': { ...DANA, phone: '' }, '9002': { ...MARCO, phone: '+39 06 1234 5678' } };
const ok = async (url: string) => {
  const ticket = /\/tickets\/(\d+)\.json/.exec(url)?.[1];
  if (ticket) return new Response(JSON.stringify({ ticket: { requester_id: ticket === '101' ? 9001 : 9002 } }));
  return new Response(JSON.stringify({ user: users[/\/users\/(\d+)\.json/.exec(url)![1]!] }));
};
const url = (id: string) => `https://acme.zendesk.com/agent/tickets/${id}`;

describe('zendesk through the reading rule', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });

  it('reads the requester from Zendesk’s same-origin API', async () => {
    setUrl(url('101'));
    vi.stubGlobal('fetch', async (u: string) => {
      const body = u.includes('/tickets/101')
        ? { ticket: { requester_id: 9001 } }
        : { user: { email: ' Dana@Example.com ', name: 'Dana', phone: '+1 (415) 555-0100' } };
      return new Response(JSON.stringify(body), { status: 200 });
    });
    const w = watching(createRequesterWatcher(zendesk, FAST), '101');
    const read = (await w.until(isRead)) as Extract<RequesterWatch, { state: 'read' }>;
    expect(read.rule).toBe('api');
    expect(read.reading).toEqual({
      requester: { email: 'Dana@Example.com', name: 'Dana', phone: '+14155550100', helpdeskId: '9001' },
      source: 'zendesk api',
      missing: [],
      proof: 'api',
    });
    w.stop();
  });

  it('takes the requester side-loaded with the ticket: one request, not two', async () => {
    setUrl(url('101'));
    const asked: string[] = [];
    vi.stubGlobal('fetch', async (u: string) => {
      asked.push(new URL(u, 'https://acme.zendesk.com').pathname + new URL(u, 'https://acme.zendesk.com').search);
      return new Response(
        JSON.stringify({
          ticket: { requester_id: 9001 },
          users: [
            { id: 7, email: 'agent@acme.test' },
            { id: 9001, ...DANA, phone: null },
          ],
        }),
      );
    });
    const w = watching(createRequesterWatcher(zendesk, FAST), '101');
    const read = (await w.until(isRead)) as Extract<RequesterWatch, { state: 'read' }>;
    expect(read.reading.requester).toEqual({ ...DANA, helpdeskId: '9001' });
    expect(asked).toEqual(['/api/v2/tickets/101.json?include=users']);
    w.stop();
  });

  it('reads the requester in full when the side-loaded record does not say both email and phone', async () => {
    setUrl(url('102'));
    const asked: string[] = [];
    vi.stubGlobal('fetch', async (u: string) => {
      asked.push(new URL(u, 'https://acme.zendesk.com').pathname);
      const body = u.includes('/tickets/')
        ? { ticket: { requester_id: 9002 }, users: [{ id: 9002, ...MARCO }] }
        : { user: { ...MARCO, phone: '+39 06 1234 5678' } };
      return new Response(JSON.stringify(body));
    });
    const w = watching(createRequesterWatcher(zendesk, FAST), '102');
    const read = (await w.until(isRead)) as Extract<RequesterWatch, { state: 'read' }>;
    expect(read.reading.requester).toEqual({ ...MARCO, phone: '+390612345678', helpdeskId: '9002' });
    expect(asked).toEqual(['/api/v2/tickets/102.json', '/api/v2/users/9002.json']);
    w.stop();
  });

  // Issue 15: with the API refused, the page read right after an in-app switch took the previous
  // ticket's still-active pane (activePane() matched whichever pane came first).
  for (const order of ['before', 'after'] as const) {
    it(`API refused: reads only ticket 102’s own active pane, never 101’s still active ${order} it`, async () => {
      vi.stubGlobal('fetch', async () => new Response('nope', { status: 403 }));
      setUrl(url('102'));
      document.body.innerHTML = pane('101', true, DANA);
      const w = watching(createRequesterWatcher(zendesk, FAST), '102');
      await w.until((e) => e.state === 'reading' && e.refusal?.kind === 'api-refused');
      await new Promise((r) => setTimeout(r, 60));
      expect(w.reads()).toEqual([]);
      // 102's pane mounts (inactive, then active), its context panel late; 101's stays active.
      const both = (b: string) =>
        (document.body.innerHTML = order === 'before' ? pane('101', true, DANA) + b : b + pane('101', true, DANA));
      both(pane('102', false, MARCO));
      await new Promise((r) => setTimeout(r, 60));
      expect(w.reads(), 'read an inactive pane').toEqual([]);
      both(pane('102', true));
      setTimeout(() => both(pane('102', true, MARCO)), 50);
      const read = (await w.until(isRead)) as Extract<RequesterWatch, { state: 'read' }>;
      expect(read.rule).toBe('pane');
      expect(read.reading.requester).toEqual(MARCO);
      expect(w.reads().filter((e) => e.reading.requester.email === DANA.email)).toEqual([]);
      w.stop();
    });
  }

  it('429: asks the API again after Retry-After instead of reading the page at once', async () => {
    let n = 0;
    vi.stubGlobal('fetch', async (u: string) => (n++ === 0 ? new Response('', { status: 429, headers: { 'retry-after': '1' } }) : ok(u)));
    setUrl(url('102'));
    document.body.innerHTML = pane('101', true, DANA) + pane('102', true, MARCO);
    const w = watching(createRequesterWatcher(zendesk, FAST), '102');
    await w.until((e) => e.state === 'reading' && e.refusal?.kind === 'api-rate-limited');
    const read = (await w.until(isRead, 4000)) as Extract<RequesterWatch, { state: 'read' }>;
    expect(read.rule).toBe('api');
    expect(read.reading.requester).toEqual({ ...MARCO, phone: '+390612345678', helpdeskId: '9002' });
    expect(n).toBe(3); // the 429, then the ticket and the user
    w.stop();
  });

  it('a timeout falls back to the page, through the same rule', async () => {
    vi.stubGlobal(
      'fetch',
      (_u: string, init?: RequestInit) =>
        new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted')))),
    );
    setUrl(url('102'));
    document.body.innerHTML = pane('101', true, DANA) + pane('102', true, MARCO);
    const w = watching(createRequesterWatcher(zendesk, FAST), '102');
    const read = (await w.until(isRead)) as Extract<RequesterWatch, { state: 'read' }>;
    expect(read.reading.requester).toEqual(MARCO);
    expect(w.events.some((e) => e.state === 'reading' && e.refusal?.kind === 'api-timeout')).toBe(true);
    w.stop();
  });

  it('fails in words when the page never shows the requester', async () => {
    vi.stubGlobal('fetch', async () => new Response('nope', { status: 500 }));
    setUrl(url('7'));
    document.body.innerHTML = pane('7', true);
    const w = watching(createRequesterWatcher(zendesk, FAST), '7');
    const failed = await w.until(isFailed);
    expect(failed.state === 'failed' && failed.reason).toMatch(/^could not read the requester: Zendesk's API answered 500, and /);
  });

  it('emits again when the pane re-renders with another requester', async () => {
    vi.stubGlobal('fetch', async () => new Response('nope', { status: 403 }));
    setUrl(url('102'));
    document.body.innerHTML = pane('102', true, MARCO);
    const w = watching(createRequesterWatcher(zendesk, FAST), '102');
    await w.until(isRead);
    document.body.innerHTML = pane('102', true, MARCO);
    await new Promise((r) => setTimeout(r, 60));
    expect(w.reads()).toHaveLength(1);
    document.body.innerHTML = pane('102', true, { email: 'priya.natarajan@example.com', name: 'Priya Natarajan' });
    await w.until((e) => e.state === 'read' && e.reading.requester.name === 'Priya Natarajan');
    w.stop();
  });

  for (const into of ['frame', 'shadow'] as const) {
    it(`reads the active pane inside ${into === 'frame' ? 'a same-origin iframe' : 'nested open shadow roots'}`, async () => {
      vi.stubGlobal('fetch', async () => new Response('nope', { status: 403 }));
      setUrl(url('102'));
      const html = pane('101', true, DANA) + pane('102', true, MARCO);
      if (into === 'frame') {
        const frame = document.createElement('iframe');
        frame.setAttribute('srcdoc', html);
        document.body.replaceChildren(frame);
      } else {
        document.body.innerHTML = '<x-shell></x-shell>';
        const outer = document.querySelector('x-shell')!.attachShadow({ mode: 'open' });
        outer.innerHTML = '<x-inner></x-inner>';
        outer.querySelector('x-inner')!.attachShadow({ mode: 'open' }).innerHTML = html;
      }
      const w = watching(createRequesterWatcher(zendesk, FAST), '102');
      expect(((await w.until(isRead)) as Extract<RequesterWatch, { state: 'read' }>).reading.requester).toEqual(MARCO);
      w.stop();
    });
  }

  it('the saved fixture page carries the elements the adapter reads', () => {
    const html = readFileSync('test/fixtures/zendesk/agent.html', 'utf8');
    for (const marker of [
      'data-side-conversations-anchor-id',
      'data-is-active',
      'ticket-requester-email',
      'header-tab',
      'omni-header-subject',
    ]) {
      expect(html, `fixture lacks ${marker}`).toContain(marker);
    }
  });
});
