// @vitest-environment happy-dom
/**
 * The panel page's state, from what the background relays: a new view drops the previous
 * ticket's customer before anything else is drawn and is acknowledged only after it is drawn;
 * actions go out only for the customer on screen, and not while the page covers the frame.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Response } from '@shared/events';
import type { BackgroundToPanel, PanelToBackground } from '../lib/messages';
import { connectPanel, type PanelClient } from './client';
import type { PanelState } from './state';

let posted: PanelToBackground[];
let deliver: (msg: BackgroundToPanel) => void;
let drawn: PanelState[];
let client: PanelClient;
/** The background's reply to the panel's last call of this name. */
let replyTo: (name: string, res: Response<unknown>) => Promise<void>;

beforeEach(() => {
  fakeBrowser.reset();
  posted = [];
  drawn = [];
  (fakeBrowser.runtime as unknown as { connect: unknown }).connect = () => ({
    postMessage: (m: PanelToBackground) => posted.push(m),
    onMessage: { addListener: (fn: (m: BackgroundToPanel) => void) => (deliver = fn) },
    onDisconnect: { addListener: () => {} },
  });
  client = connectPanel(
    (s) => drawn.push(s),
    () => {},
  );
  replyTo = async (name, res) => {
    const call = posted.findLast((m) => m.type === 'call' && m.name === name) as { id: number } | undefined;
    deliver({ type: 'reply', id: call!.id, res });
    await new Promise((r) => setTimeout(r)); // the call's promise settles in a later task
  };
  deliver({ type: 'paired', helpdesk: 'zendesk', helpdeskName: 'Zendesk' });
});

const view = (seq: number, id: string): BackgroundToPanel => ({
  type: 'view',
  view: { seq, ticket: { key: `zendesk:${id}`, id }, reading: { state: 'read', requester: { email: `${id}@example.com` }, missing: [] } },
});
const opened = (id: string, name: string): BackgroundToPanel =>
  ({
    type: 'opened',
    key: `zendesk:${id}`,
    result: {
      status: 'known',
      interactionId: 'i',
      context: { customer: { id: `c-${id}`, name }, recentEvents: [], signals: {} },
      leeway: null,
    },
  }) as unknown as BackgroundToPanel;
const last = () => drawn.at(-1)!;

describe('views', () => {
  it('drops the previous ticket’s customer in the same render as the new view, then says it rendered it', () => {
    deliver(view(1, '101'));
    deliver(opened('101', 'Dana'));
    expect(last().view?.context?.customer.name).toBe('Dana');
    const before = drawn.length;
    deliver(view(2, '102'));
    // One render for the new view, already without Dana, and only then the acknowledgement.
    expect(drawn.length).toBe(before + 1);
    expect(last().view?.context).toBeNull();
    expect(last().view?.ticket.id).toBe('102');
    // Said once painted: after the next animation frame.
    expect(posted.some((m) => m.type === 'rendered' && m.seq === 2)).toBe(false);
  });

  it('says it rendered a view only after the next animation frame has painted it', async () => {
    deliver(view(1, '101'));
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 5)));
    expect(posted).toContainEqual({ type: 'rendered', seq: 1 });
  });

  it('ignores an answer for a ticket no longer on screen', () => {
    deliver(view(1, '101'));
    deliver(view(2, '102'));
    deliver(opened('101', 'Dana'));
    expect(last().view?.context).toBeNull();
  });

  it('drops the reply to a call made for a ticket no longer on screen', async () => {
    deliver(view(1, '101'));
    deliver(opened('101', 'Dana'));
    client.actions.reveal('email');
    deliver(view(2, '102'));
    deliver(opened('102', 'Marco'));
    const shown = last();
    await replyTo('customer:reveal', { data: { value: 'dana@example.com' } });
    expect(last()).toBe(shown);
    expect(last().view?.revealed).toBeNull();
  });
});

describe('actions', () => {
  beforeEach(() => {
    deliver(view(1, '101'));
    deliver(opened('101', 'Dana'));
    posted = [];
  });

  it('go out for the customer on screen', () => {
    client.actions.reveal('email');
    client.actions.grant({ action: 'refund', amountCents: 100, reasonCode: null });
    expect(posted.map((m) => m.type === 'call' && m.name)).toEqual(['customer:reveal', 'grant:record']);
    expect(posted[0]).toMatchObject({ payload: { key: 'zendesk:101', body: { customerId: 'c-101', field: 'email' } } });
    expect(posted[1]).toMatchObject({ payload: { key: 'zendesk:101', body: { customerId: 'c-101', amountCents: 100 } } });
  });

  it('show the server’s sentence when a reveal is refused, until a reveal goes through', async () => {
    deliver({ type: 'reply', id: 999, res: { error: 'Another call' } });
    expect(last().view?.revealed).toBeNull();
    client.actions.reveal('email');
    await replyTo('customer:reveal', {
      error: 'You revealed 60 personal fields in the last hour: you can reveal again at 14:05 UTC (in 12 minutes).',
    });
    expect(last().view?.revealed).toMatchObject({ refused: expect.stringMatching(/^You revealed 60/) });
    client.actions.reveal('email');
    await replyTo('customer:reveal', { data: { value: 'dana@example.com' } });
    expect(last().view?.revealed).toMatchObject({ email: 'dana@example.com', refused: undefined });
  });

  it('show a grant’s answer, and a request’s, for the view that asked', async () => {
    client.actions.grant({ action: 'refund', amountCents: 100, reasonCode: null });
    await replyTo('grant:record', { error: 'Offline: the grant was not recorded. Try again when the panel is live.' });
    expect(last().view?.lastGrant).toEqual({ ok: false, message: expect.stringMatching(/^Offline/) });
    client.actions.requestException({ action: 'refund', amountCents: 100, reasonCode: null, note: 'x' });
    await replyTo('exception:request', { error: 'This ticket’s customer changed: nothing was sent.' });
    expect(last().view?.exceptionError).toMatch(/customer changed/);
  });

  it('send a grant again with its first key while it has no answer but an error (a timeout: it may be stored), a new key once answered', async () => {
    const keyOf = () =>
      (posted.findLast((m) => m.type === 'call') as { payload: { body: { idempotencyKey: string } } }).payload.body.idempotencyKey;
    const refund = { action: 'refund', amountCents: 100, reasonCode: null } as const;
    client.actions.grant(refund);
    const first = keyOf();
    client.actions.grant(refund); // a double click: the same grant
    expect(keyOf()).toBe(first);
    await replyTo('grant:record', { error: 'The server did not answer in time; the grant may not be recorded.' });
    client.actions.grant(refund); // the agent tries again
    expect(keyOf()).toBe(first);
    client.actions.grant({ ...refund, amountCents: 200 }); // another grant
    expect(keyOf()).not.toBe(first);
    client.actions.grant(refund);
    await replyTo('grant:record', { data: { id: 'g1', status: 'recorded', usage: {}, grant: { amountCents: 100, action: 'refund' } } });
    client.actions.grant(refund); // answered: the same grant again is another grant
    expect(keyOf()).not.toBe(first);
    client.actions.requestException({ ...refund, note: 'x' });
    const asked = keyOf();
    await replyTo('exception:request', { error: 'The server did not answer in time.' });
    client.actions.requestException({ ...refund, note: 'x' });
    expect(keyOf()).toBe(asked);
  });

  it('fetch the ticket afresh once a request of theirs is approved', () => {
    const exception = { id: 'e1', status: 'approved', history: [{}, {}] };
    deliver({ type: 'exception', key: 'zendesk:101', exception } as unknown as BackgroundToPanel);
    expect(last().view?.exception).toBe(exception);
    expect(posted).toContainEqual({ type: 'refresh', key: 'zendesk:101' });
  });

  it('are held while the page covers or fades the frame', () => {
    client.setCovered(true);
    client.actions.reveal('email');
    client.actions.grant({ action: 'refund', amountCents: 100, reasonCode: null });
    client.actions.requestException({ action: 'refund', amountCents: 100, reasonCode: null, note: 'x' });
    client.actions.withdrawException('e1');
    client.actions.submitResolution({ outcome: 'resolved', category: 'billing', handleTimeSeconds: 1 } as never);
    expect(posted).toEqual([]);
    expect(last().covered).toBe(true);
    client.setCovered(false);
    client.actions.reveal('email');
    expect(posted.map((m) => m.type === 'call' && m.name)).toEqual(['customer:reveal']);
  });

  it('open the ticket afresh on Try again, unless the page covers the panel', () => {
    client.setCovered(true);
    client.actions.reopen();
    client.setCovered(false);
    client.actions.reopen();
    expect(posted).toEqual([{ type: 'refresh', key: 'zendesk:101' }]);
  });

  it('ask for suggestions whenever the frame is in full view, even during the uncover hold, and never out of it', () => {
    client.setCovered(true); // the hold's state: the buttons still wait, yet the panel is on screen
    void client.actions.recommend();
    client.setInView(false);
    void client.actions.recommend();
    expect(posted.map((m) => m.type === 'call' && m.name)).toEqual(['offer:recommend']);
  });
});

describe('pairing', () => {
  it('passes on a nonce posted by the parent window, and nothing posted by anyone else', () => {
    posted = [];
    dispatchEvent(new MessageEvent('message', { data: { leewayPanelNonce: 'n1' }, source: window.parent }));
    dispatchEvent(new MessageEvent('message', { data: { leewayPanelNonce: 'n2' }, source: null }));
    // (Each test's client listens on the same window: every one of them passes n1 on, none n2.)
    expect(posted.length).toBeGreaterThan(0);
    expect(posted.every((m) => m.type === 'hello' && m.nonce === 'n1')).toBe(true);
  });

  it('passes on the real nonce however many guesses the page posted into the frame first', () => {
    for (let i = 0; i < 20; i++)
      dispatchEvent(new MessageEvent('message', { data: { leewayPanelNonce: `guess-${i}` }, source: window.parent }));
    posted = [];
    dispatchEvent(new MessageEvent('message', { data: { leewayPanelNonce: 'n-real' }, source: window.parent }));
    expect(posted.some((m) => m.type === 'hello' && m.nonce === 'n-real')).toBe(true);
  });
});
