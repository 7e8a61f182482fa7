/**
 * Every route and socket event that takes an idempotency key, found from the running server
 * (routeList and socketEventRules), keeps keys per author: another person's identical key is
 * their own request (stored, answered with their record, never the first author's), the author's
 * replay returns the original, and the author's key with another body is refused with a 409.
 * A keyed route or event this file has no example for fails, so none ships without the check.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Response } from '@shared/events';
import { socketEventRules } from '../../server/src/sockets/handle';
import { startTestApp, type ClientSocket, type TestApp } from '../support/app';
import { FUZZ_ENV } from '../support/fuzz';

let t: TestApp;
beforeAll(async () => (t = await startTestApp(FUZZ_ENV)));
afterAll(() => t.close());

const AUTHORS = ['agent@acme.test', 'senior@acme.test'] as const;
const dana = () => t.seeded.acme.customers['dana.whitfield@example.com']!;

/** For each keyed route or event: a valid body (the key is added), a changed one, and the id in its answer. */
interface Example {
  body: () => Record<string, unknown>;
  changed: (b: Record<string, unknown>) => Record<string, unknown>;
  id: (answer: any) => string;
  /** A path parameter to fill, as the first author's record. */
  path?: (url: string, me: string) => Promise<string>;
}
const grant: Example = {
  body: () => ({ customerId: dana(), action: 'goodwill_gesture', amountCents: 300 }),
  changed: (b) => ({ ...b, amountCents: 400 }),
  id: (a) => a.grant?.id ?? `refused:${a.decision?.reason}`,
};
const exception: Example = {
  body: () => ({ customerId: dana(), action: 'goodwill_gesture', amountCents: 5_000, note: 'Private note of the author' }),
  changed: (b) => ({ ...b, amountCents: 6_000 }),
  id: (a) => a.id,
};
const resolution: Example = {
  body: () => ({
    helpdesk: 'zendesk',
    ticketId: '101',
    customerId: dana(),
    outcome: 'resolved',
    category: 'billing',
    handleTimeSeconds: 60,
    note: 'Private note of the author',
  }),
  changed: (b) => ({ ...b, handleTimeSeconds: 61 }),
  id: (a) => a.id,
};
const EXAMPLES: Record<string, Example> = {
  'event grant:record': grant,
  'event exception:request': exception,
  'event resolution:submit': resolution,
  'POST /v1/grants': grant,
  'POST /v1/resolutions': resolution,
  'POST /v1/resolutions/:resolutionId/corrections': {
    body: () => ({ outcome: 'unresolved', note: 'Customer wrote back' }),
    changed: (b) => ({ ...b, note: 'Something else' }),
    id: (a) => a.id,
  },
};

const hasKey = (schema: unknown) => {
  const shape = (schema as z.ZodObject | undefined)?.shape ?? (schema as { _def?: { schema?: z.ZodObject } })?._def?.schema?.shape;
  return !!shape && 'idempotencyKey' in shape;
};
const keyed = () => [
  ...[...socketEventRules].filter(([, r]) => hasKey(r.schema)).map(([e]) => `event ${e}`),
  ...t.app.routeList.filter((r) => hasKey(r.schema?.body)).map((r) => `${r.method} ${r.url}`),
];

type Sender = Awaited<ReturnType<typeof sender>>;
async function sender(email: string) {
  const token = await t.token(email);
  const { socket } = await t.socket(token);
  return async (
    what: string,
    body: Record<string, unknown>,
    resolutionId?: string,
  ): Promise<{ ok: boolean; status: number; answer: any; error?: string }> => {
    if (what.startsWith('event ')) {
      const res = (await (socket as ClientSocket & { emitWithAck(e: string, p: unknown): Promise<Response<unknown>> }).emitWithAck(
        what.slice(6),
        body,
      )) as Response<unknown> & { status?: number };
      // Socket errors carry no HTTP status: a refusal of a reused key is recognised by its sentence.
      return 'error' in res
        ? { ok: false, status: /^This idempotency key was already used/.test(res.error) ? 409 : 400, answer: null, error: res.error }
        : { ok: true, status: 200, answer: res.data };
    }
    const [method, url] = what.split(' ') as ['POST', string];
    const res = await t.app.inject({
      method,
      url: url.replace(':resolutionId', resolutionId ?? ''),
      headers: { authorization: `Bearer ${token}` },
      payload: body,
    });
    return { ok: res.statusCode < 300, status: res.statusCode, answer: res.json(), error: res.json().message };
  };
}

it('finds every keyed route and event, and has an example for each', async () => {
  await sender(AUTHORS[0]); // socket events register their rules when a socket connects
  expect(keyed().sort()).toEqual(Object.keys(EXAMPLES).sort());
});

it.each(Object.keys(EXAMPLES))(
  '%s: keys are per author, replays go to their author only, and a reused key with another body is refused',
  async (what) => {
    const ex = EXAMPLES[what]!;
    const [first, second] = (await Promise.all(AUTHORS.map(sender))) as [Sender, Sender];
    // Corrections are of one's own resolution: each author corrects their own.
    const own = async (send: typeof first) =>
      what.includes(':resolutionId')
        ? (await send('POST /v1/resolutions', { ...resolution.body(), idempotencyKey: randomUUID() })).answer.id
        : undefined;
    const [mine, theirs] = [await own(first), await own(second)];
    const key = `shared-${randomUUID()}`;
    const body = { ...ex.body(), idempotencyKey: key };

    const a = await first(what, body, mine);
    expect(a.ok, `${what} as the first author: ${a.error}`).toBe(true);
    const b = await second(what, { ...ex.changed(body), ...('note' in body && { note: 'The second author’s own note' }) }, theirs);
    expect(b.ok, `${what} as the second author: ${b.error}`).toBe(true);
    expect(ex.id(b.answer)).not.toBe(ex.id(a.answer));
    expect(JSON.stringify(b.answer)).not.toContain('Private note of the author');

    const replay = await first(what, body, mine);
    expect(ex.id(replay.answer)).toBe(ex.id(a.answer));

    const reused = await first(what, ex.changed(body), mine);
    expect(reused.status).toBe(409);
    expect(reused.error).toMatch(/^This idempotency key was already used for a different request/);
  },
);
