/**
 * The panel's state as a pure function: a new ticket or requester makes a new view, so nothing of
 * the previous one survives; pushes reach only the view of their ticket; answers reach only the
 * view that asked, and are dropped once it is gone.
 */
import { describe, expect, it } from 'vitest';
import type { InteractionOpened } from '@shared/schemas/context';
import type { ReaderView } from '../lib/messages';
import { reduce, refreshAfter, type PanelEvent } from './reducer';
import { initialState, type PanelState } from './state';

const read = (seq: number, id: string, email = `${id}@example.com`): PanelEvent => ({
  type: 'view',
  view: { seq, ticket: { key: `zendesk:${id}`, id }, reading: { state: 'read', requester: { email }, missing: [] } },
});
const known = (id: string, currency = 'USD') =>
  ({
    status: 'known',
    interactionId: 'i',
    context: { customer: { id: `c-${id}`, name: id }, recentEvents: [{ id: 'e1' }], signals: {} },
    leeway: { policyVersion: 3, policy: { currency }, situation: { usage: { used: 0 } } },
  }) as unknown as InteractionOpened;
const opened = (id: string): PanelEvent => ({ type: 'opened', key: `zendesk:${id}`, result: known(id) });
/** The open reply, with where the ticket stands (this agent's request on it, its record). */
const openedStanding = (id: string, standing: { exception?: unknown; logged?: unknown }): PanelEvent => ({
  type: 'opened',
  key: `zendesk:${id}`,
  result: { ...known(id), standing: { exception: null, logged: null, ...standing } } as InteractionOpened,
});
const run = (...events: PanelEvent[]) => events.reduce(reduce, initialState('Zendesk'));
const exception = (status: string, steps: number, id = 'x1', createdAt = '2026-12-01T10:00:00.000Z') =>
  ({ id, status, createdAt, history: Array(steps).fill({}) }) as never;

describe('ticket views', () => {
  it('replaces the whole view on another ticket: nothing of the previous customer is left', () => {
    const s = run(read(1, '101'), opened('101'), { type: 'asked', view: 0, name: 'resolution:draft' });
    expect(s.view).toMatchObject({ id: 0, phase: 'known', resolving: { draft: null } });
    const next = reduce(s, read(2, '102'));
    expect(next.view).toMatchObject({ id: 1, ticket: { id: '102' }, phase: 'resolving', context: null, resolving: null, leeway: null });
  });

  it('replaces the view on another requester of the same ticket (a new seq)', () => {
    const s = run(read(1, '101'), opened('101'), read(2, '101', 'other@example.com'));
    expect(s.view).toMatchObject({ id: 1, context: null, requester: { email: 'other@example.com' } });
  });

  it('keeps the view on a repeat of the same seq (a reconnect), without looking it up again', () => {
    const s = run(read(1, '101'), opened('101'));
    const again = reduce(s, read(1, '101'));
    expect(again.view).toMatchObject({ id: 0, phase: 'known', context: { customer: { id: 'c-101' } } });
  });

  it('follows the reading on one view: reading, then failed with the reason', () => {
    const view = (reading: Extract<ReaderView, { ticket: object }>['reading']): PanelEvent => ({
      type: 'view',
      view: { seq: 1, ticket: { key: 'zendesk:101', id: '101' }, reading },
    });
    const s = run(view({ state: 'reading' }), view({ state: 'failed', reason: 'could not read the requester: no card' }));
    expect(s.view).toMatchObject({ id: 0, phase: 'failed', failure: "Could not read this ticket's requester: no card" });
    expect(reduce(s, { type: 'view', view: { seq: 2, ticket: null } }).view).toBeNull();
  });
});

describe('pushes', () => {
  it('reach the view of their ticket only', () => {
    const s = run(read(1, '101'), read(2, '102'));
    expect(reduce(s, opened('101'))).toBe(s);
    expect(reduce(s, { type: 'failed', key: 'zendesk:101', message: 'x', retry: false })).toBe(s);
    expect(reduce(s, { type: 'exception', key: 'zendesk:101', exception: exception('pending', 1) })).toBe(s);
    expect(reduce(s, { type: 'logged', ticketId: '101', receipt: { seq: 3 } as never })).toBe(s);
    expect(reduce(s, { type: 'logged', ticketId: '102', receipt: { seq: 3 } as never }).view?.logged).toEqual({ seq: 3 });
  });

  it('keep the furthest-along state of a request when updates overtake each other', () => {
    const s = run(read(1, '101'), { type: 'exception', key: 'zendesk:101', exception: exception('approved', 2) });
    expect(reduce(s, { type: 'exception', key: 'zendesk:101', exception: exception('pending', 1) })).toBe(s);
  });

  it('mark shown data stale when the connection drops, and fresh once opened again', () => {
    const s = run(read(1, '101'), opened('101'), { type: 'status', status: { state: 'offline', reason: 'x' } });
    expect(s.view?.stale).toBe(true);
    expect(reduce(s, { type: 'status', status: { state: 'online' } }).view?.stale).toBe(true);
    expect(reduce(s, opened('101')).view?.stale).toBe(false);
  });
});

describe('answers', () => {
  const onScreen = (): PanelState => run(read(1, '101'), opened('101'));

  it('reach the view that asked, and are dropped once it is gone', () => {
    const grant = {
      type: 'answered',
      view: 0,
      name: 'grant:record',
      payload: { key: 'zendesk:101', body: {} as never },
      res: { data: { status: 'recorded', usage: { used: 5 }, grant: { amountCents: 500, action: 'store_credit' } } as never },
    } satisfies PanelEvent;
    const s = reduce(onScreen(), grant);
    expect(s.view?.lastGrant).toEqual({ ok: true, message: 'Recorded: $5 store credit.' });
    expect(s.view?.leeway?.situation.usage).toEqual({ used: 5 });
    const moved = reduce(onScreen(), read(2, '102'));
    expect(reduce(moved, grant)).toBe(moved);
  });

  it('fill the resolve form only while it is open', () => {
    const draft = {
      type: 'answered',
      view: 0,
      name: 'resolution:draft',
      payload: { key: 'zendesk:101', body: {} },
      res: { error: 'Offline' },
    } satisfies PanelEvent;
    const open = reduce(onScreen(), { type: 'asked', view: 0, name: 'resolution:draft' });
    expect(reduce(open, draft).view?.resolving).toEqual({ draft: null, error: 'Offline' });
    const closed = reduce(open, { type: 'resolve-closed' });
    expect(reduce(closed, draft)).toBe(closed);
  });

  it('ask for the ticket afresh once a request of this view is approved or countered', () => {
    const s = onScreen();
    const approved = reduce(s, { type: 'exception', key: 'zendesk:101', exception: exception('approved', 2) });
    expect(refreshAfter(s, approved)).toBe('zendesk:101');
    expect(refreshAfter(approved, reduce(approved, opened('101')))).toBeNull();
    const pending = reduce(s, { type: 'exception', key: 'zendesk:101', exception: exception('pending', 1) });
    expect(refreshAfter(s, pending)).toBeNull();
  });
});

describe('where the ticket stands, from the open reply', () => {
  const receipt = { status: 'stored', id: 'r1', seq: 7, hash: 'h', at: '2026-12-01T11:00:00.000Z' } as const;

  it('shows the request and the record again after a switch to another ticket and back', () => {
    const s = run(read(1, '101'), opened('101'), { type: 'exception', key: 'zendesk:101', exception: exception('approved', 2) });
    const away = reduce(s, read(2, '102'));
    const back = reduce(away, read(3, '101'));
    expect(back.view).toMatchObject({ exception: null, logged: null });
    const reopened = reduce(back, openedStanding('101', { exception: exception('approved', 2) }));
    expect(reopened.view).toMatchObject({ phase: 'known', exception: { id: 'x1', status: 'approved' }, logged: null });
    const resolved = reduce(back, openedStanding('101', { logged: receipt }));
    expect(resolved.view).toMatchObject({ phase: 'known', exception: null, logged: { id: 'r1', at: receipt.at } });
  });

  it('keeps the furthest-along request: a live update is not undone by an older open reply', () => {
    const s = run(read(1, '101'), opened('101'), { type: 'exception', key: 'zendesk:101', exception: exception('approved', 2) });
    const after = reduce(s, openedStanding('101', { exception: exception('pending', 1) }));
    expect(after.view?.exception).toBe(s.view?.exception);
    // Nor by a reply that read an older request, when a newer one was raised meanwhile.
    const older = exception('denied', 2, 'x0', '2026-11-30T10:00:00.000Z');
    expect(reduce(s, openedStanding('101', { exception: older })).view?.exception).toBe(s.view?.exception);
  });

  it('takes a further-along request from the open reply (decided while the panel was away)', () => {
    const s = run(read(1, '101'), opened('101'), { type: 'exception', key: 'zendesk:101', exception: exception('pending', 1) });
    expect(reduce(s, openedStanding('101', { exception: exception('denied', 2) })).view?.exception).toMatchObject({ status: 'denied' });
  });

  it('does not ask for the ticket afresh again when the refreshed reply shows the same decision', () => {
    const s = run(read(1, '101'), opened('101'));
    const approved = reduce(s, { type: 'exception', key: 'zendesk:101', exception: exception('approved', 2) });
    expect(refreshAfter(s, approved)).toBe('zendesk:101');
    expect(refreshAfter(approved, reduce(approved, openedStanding('101', { exception: exception('approved', 2) })))).toBeNull();
  });

  it('leaves out a request settled before the ticket was resolved: the ticket is done, only a later or pending one shows', () => {
    const decided = (status: string, decidedAt: string) => ({ ...(exception(status, 2) as object), decidedAt }) as never;
    const s = run(read(1, '101'), openedStanding('101', { exception: decided('approved', '2026-12-01T10:30:00.000Z'), logged: receipt }));
    expect(s.view).toMatchObject({ exception: null, logged: { id: 'r1' } });
    const later = run(read(1, '101'), openedStanding('101', { exception: decided('denied', '2026-12-01T11:30:00.000Z'), logged: receipt }));
    expect(later.view?.exception).toMatchObject({ status: 'denied' });
    const pending = run(read(1, '101'), openedStanding('101', { exception: exception('pending', 1), logged: receipt }));
    expect(pending.view?.exception).toMatchObject({ status: 'pending' });
  });

  it('keeps a live receipt when the reply has none yet, and takes the stored one otherwise', () => {
    const s = run(read(1, '101'), opened('101'), { type: 'logged', ticketId: '101', receipt: { seq: 3 } as never });
    expect(reduce(s, openedStanding('101', {})).view?.logged).toEqual({ seq: 3 });
    expect(run(read(1, '101'), openedStanding('101', { logged: receipt })).view?.logged).toEqual(receipt);
  });
});

describe('suggested offers, asked and pushed', () => {
  const onScreen = (): PanelState => run(read(1, '101'), opened('101'));
  const offers = (interactionId: string, seq: number, policyVersion = 3) => ({
    interactionId,
    seq,
    offersVersion: 1,
    policyVersion,
    usage: null,
    recommendations: [],
  });
  const pushed = (interactionId: string, seq: number, key = 'zendesk:101', policyVersion = 3): PanelEvent => ({
    type: 'recommendations',
    key,
    offers: offers(interactionId, seq, policyVersion),
  });
  const answer = (res: { data: ReturnType<typeof offers> } | { error: string }): PanelEvent => ({
    type: 'answered',
    view: 0,
    name: 'offer:recommend',
    payload: { key: 'zendesk:101', body: {} },
    res,
  });

  it('show the later computation, whichever arrives last: an ask computed before a push does not replace it', () => {
    const s = reduce(onScreen(), pushed('i1', 5));
    expect(reduce(s, answer({ data: offers('i1', 3) })).view?.offers).toEqual({ list: offers('i1', 5), error: null });
    expect(reduce(s, answer({ data: offers('i1', 6) })).view?.offers).toEqual({ list: offers('i1', 6), error: null });
    expect(reduce(s, pushed('i1', 4)).view?.offers).toEqual({ list: offers('i1', 5), error: null });
  });

  it('start afresh with a reopened ticket’s new interaction, and say why an ask failed without hiding them', () => {
    const s = reduce(onScreen(), pushed('i1', 9));
    // After a reconnect to another process the count is another process's: the new interaction's first one stands.
    expect(reduce(s, pushed('i2', 1)).view?.offers).toEqual({ list: offers('i2', 1), error: null });
    // A failed ask keeps what a push showed, and says why beside it; the next list clears the note.
    const failed = reduce(s, answer({ error: 'Offline' }));
    expect(failed.view?.offers).toEqual({ list: offers('i1', 9), error: 'Offline' });
    expect(reduce(failed, pushed('i1', 10)).view?.offers).toEqual({ list: offers('i1', 10), error: null });
  });

  it('computed under a newer policy than the leeway shown, fetch the ticket afresh, once: what the agent may grant follows', () => {
    const s = reduce(onScreen(), pushed('i1', 1));
    expect(refreshAfter(onScreen(), s)).toBeNull(); // the policy the leeway shows
    const newer = reduce(s, pushed('i1', 2, 'zendesk:101', 4));
    expect(refreshAfter(s, newer)).toBe('zendesk:101');
    // The same list again (another step of the panel) asks for nothing more; an older policy's never.
    expect(refreshAfter(newer, reduce(newer, { type: 'covered', covered: true } as PanelEvent))).toBeNull();
    expect(refreshAfter(onScreen(), reduce(onScreen(), pushed('i1', 1, 'zendesk:101', 2)))).toBeNull();
  });

  it('bring the usage they were computed with to the allowances (a teammate spent a shared budget), under the leeway’s policy only', () => {
    const usage = { caps: { 'refunds-30d': { amountCents: 15_000, count: 3 } }, agentTodayCents: 0, teamTodayCents: 290_000 };
    const withUsage = (seq: number, u: typeof usage, policyVersion = 3): PanelEvent => ({
      type: 'recommendations',
      key: 'zendesk:101',
      offers: { ...offers('i1', seq, policyVersion), usage: u },
    });
    const s = onScreen();
    const spent = reduce(s, withUsage(2, usage));
    expect(spent.view?.leeway?.situation.usage).toEqual(usage);
    // The same usage again keeps the very leeway shown: nothing redraws and the panel asks nothing more.
    expect(reduce(spent, withUsage(3, structuredClone(usage))).view?.leeway).toBe(spent.view?.leeway);
    const more = { ...usage, caps: { 'refunds-30d': { amountCents: 15_000, count: 4 } } };
    expect(reduce(spent, withUsage(3, more)).view?.leeway?.situation.usage).toEqual(more);
    // An earlier computation (crossed on the way), or one under another policy (the ticket is fetched afresh), never.
    expect(reduce(spent, withUsage(1, more)).view?.leeway).toBe(spent.view?.leeway);
    expect(reduce(s, withUsage(2, usage, 4)).view?.leeway).toBe(s.view?.leeway);
  });

  it('reach only the ticket they were computed for', () => {
    const s = onScreen();
    expect(reduce(s, pushed('i1', 1, 'zendesk:102'))).toBe(s);
  });
});
