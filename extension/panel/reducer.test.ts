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
    leeway: { policy: { currency }, situation: { usage: { used: 0 } } },
  }) as unknown as InteractionOpened;
const opened = (id: string): PanelEvent => ({ type: 'opened', key: `zendesk:${id}`, result: known(id) });
const run = (...events: PanelEvent[]) => events.reduce(reduce, initialState('Zendesk'));
const exception = (status: string, steps: number) => ({ id: 'x1', status, history: Array(steps).fill({}) }) as never;

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
    expect(reduce(s, { type: 'failed', key: 'zendesk:101', message: 'x' })).toBe(s);
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
