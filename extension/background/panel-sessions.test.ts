/**
 * The two ports of a helpdesk tab: the content script's reader (what the page shows) and the
 * panel page's port (the only place actions come from). What a page script could reach (the
 * content script's world, a panel.html it frames itself, messages it forges) must never act as
 * the agent, and the helpdesk instance is the reader's sender's host, never what a message says.
 */
import { describe, expect, it } from 'vitest';
import { PANEL_PORT, READER_PORT } from '../lib/messages';
import {
  ID,
  PAGE,
  PANEL_URL,
  added,
  call,
  calls,
  connect,
  grant,
  grantBody,
  hello,
  pairedTab,
  panelPort,
  read,
  reader,
  reveal,
  sessions,
  settle,
} from './panel-sessions.harness';

describe('who may connect', () => {
  it.each([
    ['an extension page', { id: ID, url: PANEL_URL, tab: { id: 7 }, frameId: 0 }],
    ['a content script in a subframe', { id: ID, url: PAGE, tab: { id: 7 }, frameId: 2 }],
    ['another extension', { id: 'abcdefghijklmnopabcdefghijklmnop', url: PAGE, tab: { id: 7 }, frameId: 0 }],
  ])('the reader port refuses %s', (_who, sender) => {
    expect(connect(READER_PORT, sender).disconnected).toBe(true);
  });

  it('the reader port takes a subframe only on a Leeway widget page (Genesys Cloud frames it)', () => {
    const widget = 'http://127.0.0.1:4000/widgets/genesys?conversation=6f1c2d9e-1111-4000-8000-000000000000';
    expect(connect(READER_PORT, { id: ID, url: widget, tab: { id: 7 }, frameId: 2 }).disconnected).toBe(false);
    expect(connect(READER_PORT, { id: ID, url: `${PAGE}?/widgets/`, tab: { id: 8 }, frameId: 2 }).disconnected).toBe(true);
  });

  it.each([
    ['a content script (the page’s world can reach it)', { id: ID, url: PAGE, tab: { id: 7 }, frameId: 0 }],
    ['another extension page', { id: ID, url: `chrome-extension://${ID}/options.html`, tab: { id: 7 } }],
    ['panel.html outside a tab', { id: ID, url: PANEL_URL }],
    [
      'another extension’s panel.html',
      { id: 'abcdefghijklmnopabcdefghijklmnop', url: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/panel.html', tab: { id: 7 } },
    ],
  ])('the panel port refuses %s', (_who, sender) => {
    expect(connect(PANEL_PORT, sender).disconnected).toBe(true);
  });
});

describe('pairing a panel page with its tab', () => {
  it('pairs on the nonce the content script posted into its own frame: the panel gets the view', async () => {
    const { p } = await pairedTab();
    expect(p.posted.map((m) => m.type)).toEqual(expect.arrayContaining(['paired', 'status', 'view', 'opened']));
    expect(p.posted.find((m) => m.type === 'opened')).toMatchObject({
      key: 'zendesk:101',
      result: { context: { customer: { name: 'Dana Whitfield' } } },
    });
  });

  it('gives a panel.html the page framed itself (a wrong nonce) nothing, and takes no action from it', async () => {
    const r = reader();
    r.send(hello());
    r.send({ type: 'view', view: read() });
    const forged = panelPort();
    forged.send({ type: 'hello', nonce: 'guessed' });
    forged.send(grant);
    forged.send(reveal('cust-dana'));
    forged.send({ type: 'rendered', seq: 1 });
    await settle();
    expect(forged.posted).toEqual([]);
    expect(calls.map((c) => c.event)).toEqual(['interaction:open']);
    expect(r.posted.filter((m) => m.type === 'shown')).toEqual([]);
  });

  it('does not pair the right nonce from another tab', async () => {
    const r = reader(7);
    r.send(hello());
    const other = panelPort(8);
    other.send({ type: 'hello', nonce: 'n-real' });
    await settle();
    expect(other.posted).toEqual([]);
  });

  it('pairs whichever comes first: the panel’s hello before the reader’s', async () => {
    const p = panelPort();
    p.send({ type: 'hello', nonce: 'n-real' });
    const r = reader();
    r.send(hello());
    await settle();
    expect(p.posted.map((m) => m.type)).toContain('paired');
  });

  it('pairs on the real nonce however many guesses the page posted first, before or after the reader’s hello', async () => {
    for (const readerFirst of [true, false]) {
      const tab = readerFirst ? 11 : 12;
      const r = reader(tab);
      if (readerFirst) r.send(hello());
      const p = panelPort(tab);
      for (let i = 0; i < 20; i++) p.send({ type: 'hello', nonce: `guess-${i}` });
      p.send({ type: 'hello', nonce: 'n-real' });
      if (!readerFirst) r.send(hello());
      await settle();
      expect(
        p.posted.map((m) => m.type),
        `reader first: ${readerFirst}`,
      ).toContain('paired');
    }
  });

  it('relays "rendered" to the reader, which shows the frame', async () => {
    const { r, p } = await pairedTab();
    p.send({ type: 'rendered', seq: 1 });
    expect(r.posted).toContainEqual({ type: 'shown', seq: 1 });
  });
});

describe('actions', () => {
  it('takes a grant from the paired panel page, and answers that page with the server’s reply', async () => {
    const { p } = await pairedTab();
    p.send(grant);
    await settle();
    expect(calls.map((c) => c.event)).toEqual(['interaction:open', 'grant:record']);
    expect(calls[1]!.payload).toMatchObject({ ...grantBody, interactionId: 'i1' });
    expect(p.posted.find((m) => m.type === 'reply')).toMatchObject({ id: 1, res: { data: { status: 'recorded' } } });
  });

  it('answers a reveal for this ticket’s customer', async () => {
    const { p } = await pairedTab();
    p.send(reveal('cust-dana'));
    await settle();
    expect(p.posted.find((m) => m.type === 'reply')).toEqual({ type: 'reply', id: 2, res: { data: { value: 'dana@example.com' } } });
  });

  it('goes unheard for a call name it does not serve', async () => {
    const { p } = await pairedTab();
    p.send(call('exception:decide', 'zendesk:101', { exceptionId: 'x', decision: 'approved' }));
    p.send(call('constructor', 'zendesk:101', {}));
    await settle();
    expect(calls.map((c) => c.event)).toEqual(['interaction:open']);
    expect(p.posted.filter((m) => m.type === 'reply')).toEqual([]);
  });

  it('takes no action from the content script’s port, whatever it sends', async () => {
    const { r } = await pairedTab();
    for (const msg of [
      grant,
      reveal('cust-dana'),
      { type: 'resolve', key: 'zendesk:101', body: {} },
      call('exception:request', 'zendesk:101', { customerId: 'cust-dana' }, 3),
      call('resolution:draft', 'zendesk:101', {}, 4),
    ])
      r.send(msg);
    await settle();
    expect(calls.map((c) => c.event)).toEqual(['interaction:open']);
    expect(added).toEqual([]);
  });

  it('refuses a grant or a reveal for a customer this ticket was not opened for', async () => {
    const { p } = await pairedTab();
    p.send(call('grant:record', 'zendesk:101', { ...grantBody, customerId: 'cust-someone-else' }, 1));
    p.send(reveal('cust-someone-else', 2));
    p.send(call('grant:record', 'zendesk:999', grantBody, 3));
    await settle();
    expect(calls.map((c) => c.event)).toEqual(['interaction:open']);
    // Each refused grant is answered with why; the reveal is not answered at all.
    const replies = p.posted.filter((m) => m.type === 'reply');
    expect(replies.map((m) => m.id)).toEqual([1, 3]);
    expect(replies.every((m) => typeof (m.res as { error?: unknown }).error === 'string')).toBe(true);
  });

  it('writes a resolution for the ticket and instance the page shows, not what the message says', async () => {
    const { p } = await pairedTab();
    p.send({
      type: 'resolve',
      key: 'zendesk:101',
      body: {
        idempotencyKey: 'k2',
        helpdesk: 'freshdesk',
        ticketId: '999',
        outcome: 'resolved',
        category: 'billing',
        handleTimeSeconds: 60,
      },
    });
    await settle();
    expect(added).toEqual([
      expect.objectContaining({
        helpdesk: 'zendesk',
        ticketId: '101',
        instance: 'acme.zendesk.com',
        customerId: 'cust-dana',
        interactionId: 'i1',
      }),
    ]);
  });
});

describe("the customer's name", () => {
  it('never goes to the content script, which lives in the helpdesk page; the popup asks the background for it', async () => {
    const { r, p } = await pairedTab();
    await settle();
    expect(p.posted.some((m) => m.type === 'opened')).toBe(true);
    const summaries = r.posted.filter((m) => m.type === 'summary');
    expect(summaries.at(-1)).toMatchObject({ key: 'zendesk:101', phase: 'known' });
    expect(JSON.stringify(r.posted)).not.toContain('Dana Whitfield');
    expect(sessions.customerShown(7)).toEqual({ key: 'zendesk:101', name: 'Dana Whitfield' });
    expect(sessions.customerShown(8)).toBeNull();
  });
});

describe('the instance', () => {
  it('is the reader’s sender’s host, whatever a message claims', async () => {
    const r = reader(7, 'https://Acme.Zendesk.com:8443/agent/tickets/101');
    r.send({ ...hello(), instance: 'globex.zendesk.com' });
    r.send({ type: 'view', view: read(), instance: 'globex.zendesk.com' });
    await settle();
    expect(calls[0]).toMatchObject({
      event: 'interaction:open',
      payload: { helpdesk: 'zendesk', instance: 'acme.zendesk.com:8443', ticketId: '101' },
    });
  });

  it('is sent with resolution:draft too', async () => {
    const { p } = await pairedTab();
    p.send(call('resolution:draft', 'zendesk:101', {}));
    await settle();
    expect(calls.find((c) => c.event === 'resolution:draft')?.payload).toEqual({
      helpdesk: 'zendesk',
      instance: 'acme.zendesk.com',
      ticketId: '101',
    });
  });
});
