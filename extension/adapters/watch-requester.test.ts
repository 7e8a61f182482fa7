// @vitest-environment happy-dom
/**
 * The reading rule itself, with deliberately careless adapters: whatever an adapter claims, the
 * watcher never shows the previous ticket's requester for a new ticket.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FAST, isFailed, isRead, setUrl, watching } from '../../test/fixtures/_shared/adapter-tests';
import { retryAfterMs } from './requester';
import { ApiError, type RequesterReading } from './types';
import { createRequesterWatcher, define, type RequesterWatch } from './watch-requester';

const DANA = { email: 'dana.whitfield@example.com', name: 'Dana Whitfield' };
const MARCO = { email: 'marco.rossi@example.com', name: 'Marco Rossi' };
const at = (id: string) => setUrl(`https://desk.example.test/t/${id}`);
type Read = Extract<RequesterWatch, { state: 'read' }>;

/** An adapter whose page is whatever `page` says now. */
function careless(page: { now: (id: string) => RequesterReading[] }, api?: (id: string, signal: AbortSignal) => Promise<RequesterReading>) {
  return define({
    id: 'custom:careless',
    name: 'Careless',
    matches: ['https://desk.example.test/*'],
    ticketIdFromUrl: (url) => /^\/t\/(\w+)$/.exec(url.pathname)?.[1] ?? null,
    ticketPath: () => null,
    readPage: (id) => page.now(id),
    ...(api ? { readApi: api } : {}),
  });
}
const r = (requester: object, proof: string, container?: Element) =>
  ({ requester, source: 'page', missing: [], proof, ...(container ? { container } : {}) }) as RequesterReading;
afterEach(() => (document.body.innerHTML = ''));

async function afterDana(adapter: ReturnType<typeof careless>, page: { now: (id: string) => RequesterReading[] }, first: RequesterReading) {
  const watcher = createRequesterWatcher(adapter, FAST);
  at('1');
  page.now = () => [first];
  const one = watching(watcher, '1');
  await one.until(isRead);
  one.stop();
  at('2');
  return watcher;
}

describe('createRequesterWatcher', () => {
  it('treats a reading without a known proof as "changed": the previous ticket’s requester is never taken', async () => {
    const page = { now: (): RequesterReading[] => [] };
    const adapter = careless(page);
    const watcher = await afterDana(adapter, page, r(DANA, 'pane'));
    page.now = () => [r(DANA, undefined as never), r({ ...DANA, name: 'Dana W.' }, 'trust-me')];
    const w = watching(watcher, '2');
    const failed = await w.until(isFailed);
    expect(failed).toMatchObject({ refusal: { kind: 'previous-requester' } });
    expect(w.reads()).toEqual([]);
    page.now = () => [r(MARCO, 'trust-me')];
    const read = (await w.until(isRead)) as Read;
    expect(read.rule).toBe('changed'); // an unknown proof counts as the weakest
    expect(read.reading.requester).toEqual(MARCO);
  });

  it('after a quick A → B → A left B unread, takes for A only A’s own requester, not B’s late card', async () => {
    const page = { now: (): RequesterReading[] => [] };
    const adapter = careless(page);
    const watcher = await afterDana(adapter, page, r(DANA, 'changed'));
    // On B the page still shows A (the DOM lags): refused, and the agent goes back before B's view lands.
    page.now = () => [r(DANA, 'changed')];
    const b = watching(watcher, '2');
    await b.until((w) => w.state === 'reading' && !!w.refusal);
    b.stop();
    at('1');
    // B's late card lands while the address is A's again: not A's requester.
    page.now = () => [r(MARCO, 'changed')];
    const a = watching(watcher, '1');
    const failed = await a.until(isFailed);
    expect(failed).toMatchObject({ refusal: { kind: 'previous-requester' } });
    expect(a.reads()).toEqual([]);
    // A's own view lands: A's requester again.
    page.now = () => [r(DANA, 'changed')];
    expect(((await a.until(isRead)) as Read).reading.requester).toEqual(DANA);
  });

  it('refuses a "pane" reading from the very container that showed the previous ticket’s same requester', async () => {
    const pane = document.body.appendChild(document.createElement('section'));
    const page = { now: (): RequesterReading[] => [] };
    const watcher = await afterDana(careless(page), page, r(DANA, 'pane', pane));
    page.now = () => [r(DANA, 'pane', pane)]; // a buggy adapter offers ticket 1's pane for ticket 2
    const w = watching(watcher, '2');
    expect(await w.until(isFailed)).toMatchObject({ refusal: { kind: 'previous-requester' } });
    // Another pane with the same person is fine: two tickets from one customer are common.
    const other = document.body.appendChild(document.createElement('section'));
    page.now = () => [r(DANA, 'pane', other)];
    expect(((await w.until(isRead)) as Read).reading.container).toBe(other);
  });

  it('accepts nothing while the address does not show the ticket, whatever the proof', async () => {
    at('1');
    const page = { now: () => [r(MARCO, 'api'), r(MARCO, 'url'), r(MARCO, 'pane')] };
    const w = watching(createRequesterWatcher(careless(page), FAST), '2');
    await new Promise((done) => setTimeout(done, 60));
    expect(w.reads()).toEqual([]);
    expect(w.events.at(-1)).toMatchObject({ state: 'reading', refusal: { kind: 'other-ticket' } });
    at('2');
    expect(((await w.until(isRead)) as Read).rule).toBe('api');
  });

  it('does not choose between two different "changed" requesters', async () => {
    const page = { now: (): RequesterReading[] => [] };
    const watcher = await afterDana(careless(page), page, r(DANA, 'changed'));
    page.now = () => [r(MARCO, 'changed'), r({ email: 'priya.natarajan@example.com' }, 'changed'), r(DANA, 'changed')];
    const w = watching(watcher, '2');
    expect(await w.until(isFailed)).toMatchObject({ refusal: { kind: 'ambiguous' } });
    expect(w.reads()).toEqual([]);
  });

  it('survives an adapter that throws, and says so', async () => {
    at('2');
    const page = {
      now: (): RequesterReading[] => {
        throw new Error('boom');
      },
    };
    const w = watching(createRequesterWatcher(careless(page), FAST), '2');
    expect(await w.until(isFailed)).toMatchObject({ refusal: { kind: 'adapter-error' }, reason: expect.stringContaining('boom') });
  });

  it('stops emitting once aborted', async () => {
    at('2');
    const page = { now: (): RequesterReading[] => [] };
    const w = watching(createRequesterWatcher(careless(page), FAST), '2');
    w.stop();
    page.now = () => [r(MARCO, 'pane')];
    await new Promise((done) => setTimeout(done, 60));
    expect(w.events).toEqual([{ state: 'reading', ticketId: '2' }]);
  });

  it('429 past the retry budget, then the page; other API errors at once', async () => {
    at('2');
    const calls: number[] = [];
    const page = { now: () => [r(MARCO, 'pane')] };
    const adapter = careless(page, async () => {
      calls.push(Date.now());
      throw new ApiError('x answered 429', 429, 600);
    });
    const w = watching(createRequesterWatcher(adapter, FAST), '2');
    const read = (await w.until(isRead)) as Read;
    expect(read.rule).toBe('pane');
    expect(calls).toHaveLength(2); // 600 ms, then another 600 would pass the 1 s budget
    expect(calls[1]! - calls[0]!).toBeGreaterThanOrEqual(550);
  });

  it('readRequester (for callers not yet on the watcher) resolves with the first accepted reading, or rejects with the reason', async () => {
    at('2');
    const page = { now: () => [r(MARCO, 'pane')] };
    await expect(careless(page).readRequester('2', new AbortController().signal)).resolves.toMatchObject({ requester: MARCO });
    const controller = new AbortController();
    const pending = careless({ now: () => [] }).readRequester('2', controller.signal);
    controller.abort();
    await expect(pending).rejects.toThrow(/cancelled/);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs('soon')).toBeNull();
  });
});
