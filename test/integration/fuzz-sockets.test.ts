/**
 * Every client→server socket event, enumerated from the server once a socket has connected
 * (`socketEventRules`, checked against CLIENT_EVENTS), fuzzed with generated hostile payloads
 * built from its own zod schema, and with what socket.io lets a client send that no typed
 * client would: no payload, extra arguments, binary, raw frames 10,000 levels deep, lone
 * surrogates, a frame over the size limit. Every event is answered (`{ error }` naming what
 * was wrong, never the generic one), none hangs, and a refused event writes nothing.
 */
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import type { z } from 'zod';
import { CLIENT_EVENTS } from '@shared/events';
import { PERMISSIONS } from '@shared/permissions';
import type { Role } from '@shared/schemas/common';
import { socketEventRules } from '../../server/src/sockets/handle';
import { startTestApp, type ClientSocket } from '../support/app';
import * as F from '../support/fuzz';
import { changedTables, integrityCheck, rowCounts } from '../support/row-counts';
import { exceptionRequestBody, resolutionBody } from '../support/sample-bodies';

/** Only to fail a hung handler: an answer that never comes. Not a speed requirement. */
const ANSWER_WITHIN_MS = 5_000;

const t = await startTestApp(F.FUZZ_ENV);
afterAll(() => t.close());

const USER_OF: Record<Role, string> = {
  agent: 'agent@acme.test',
  supervisor: 'lead@acme.test',
  auditor: 'auditor@acme.test',
  admin: 'admin@acme.test',
};
const tokens = Object.fromEntries(
  await Promise.all((Object.keys(USER_OF) as Role[]).map(async (r) => [r, await t.token(USER_OF[r])])),
) as Record<Role, string>;
const sockets = new Map<Role, ClientSocket>();
async function socketOf(role: Role): Promise<ClientSocket> {
  const open = sockets.get(role);
  if (open?.connected) return open;
  const { socket, error } = await t.socket(tokens[role]);
  if (error) throw new Error(`${role} could not connect: ${error}`);
  sockets.set(role, socket);
  return socket;
}

const dana = t.seeded.acme.customers['dana.whitfield@example.com']!;
type Answer = { error?: unknown; data?: unknown; issues?: unknown };
const ask = (s: ClientSocket, event: string, ...args: unknown[]) =>
  (s.timeout(ANSWER_WITHIN_MS).emitWithAck as (e: string, ...a: unknown[]) => Promise<Answer>)(event, ...args);

// Records to aim at, so valid payloads reach the handlers' own checks.
const agent = await socketOf('agent');
const opened = (await ask(agent, 'interaction:open', {
  helpdesk: 'zendesk',
  instance: 'acme.zendesk.com',
  ticketId: '101',
  requester: { email: 'dana.whitfield@example.com' },
})) as { data: { interactionId: string } };
const interactionId = opened.data.interactionId;
const raised = (await ask(agent, 'exception:request', exceptionRequestBody(dana))) as { data: { id: string } };
const exceptionId = raised.data.id;

const EXAMPLES: Record<string, unknown> = {
  'interaction:open': {
    helpdesk: 'zendesk',
    instance: 'acme.zendesk.com',
    ticketId: '101',
    requester: { email: 'dana.whitfield@example.com' },
  },
  'interaction:close': { interactionId },
  'interaction:messages': { interactionId, messages: [{ text: 'Still waiting for my refund' }] },
  'customer:reveal': { customerId: dana, field: 'email' },
  'customer:search': { query: 'Dana' },
  'customer:link': { interactionId, customerId: dana },
  'grant:record': { customerId: dana, action: 'discount', amountCents: 500, idempotencyKey: 'fuzz-grant' },
  'offer:recommend': { interactionId },
  'offer:outcome': { interactionId, offerId: 'retention-credit', accepted: true },
  'exception:request': exceptionRequestBody(dana, { idempotencyKey: 'fuzz-exception' }),
  'exception:withdraw': { exceptionId },
  'exception:decide': { exceptionId, decision: 'deny', note: 'Not this time' },
  'resolution:draft': { helpdesk: 'zendesk', instance: 'acme.zendesk.com', ticketId: '101' },
  'resolution:submit': resolutionBody(dana, { idempotencyKey: 'fuzz-resolution' }),
};
/** The role an event is sent as: the first its permission allows (supervisors: the team lead, who has an approval level). */
const roleOf = (permission: keyof typeof PERMISSIONS) => PERMISSIONS[permission][0] as Role;

/** Refusals that write on purpose, with why: none today. */
const REFUSALS_RECORDED: Record<string, string[]> = {};

const events = [...socketEventRules.keys()].sort();

function problem(answer: Answer | Error, mustRefuse: boolean, wrote: string[]): string | null {
  if (answer instanceof Error) return `no answer within ${ANSWER_WITHIN_MS / 1000} s (${answer.message})`;
  if (!answer || typeof answer !== 'object' || (!('error' in answer) && !('data' in answer)))
    return `answered neither { data } nor { error }: ${JSON.stringify(answer)}`;
  if ('error' in answer) {
    if (typeof answer.error !== 'string' || !answer.error.trim()) return `refused without a message: ${JSON.stringify(answer)}`;
    if (/something went wrong/i.test(answer.error)) return `failed on the server: ${answer.error}`;
    if (wrote.length) return `refused (${answer.error}) but changed row counts: ${wrote.join(', ')}`;
  } else if (mustRefuse) return `accepted a payload its schema refuses: ${JSON.stringify(answer).slice(0, 300)}`;
  return null;
}

/** Sends and judges one event; `args` are what the client emits after the event name. */
async function attempt(event: string, role: Role, args: unknown[], mustRefuse: boolean): Promise<string | null> {
  const s = await socketOf(role);
  const before = await rowCounts(await t.raw());
  const answer = await ask(s, event, ...args).catch((e: Error) => e);
  const refused = answer instanceof Error || 'error' in answer;
  const wrote = refused ? changedTables(before, await rowCounts(await t.raw()), REFUSALS_RECORDED[event] ?? []) : [];
  const p = problem(answer, mustRefuse, wrote);
  const shown = JSON.stringify(args) ?? 'undefined';
  return p && `${event} with ${shown.length > 300 ? `${shown.slice(0, 300)}… (${shown.length} chars)` : shown}: ${p}`;
}

/** A socket.io EVENT frame written straight to the transport, for payloads no encoder produces; resolves with the raw ack frame. */
function rawFrame(s: ClientSocket, event: string, payloadJson: string): Promise<string> {
  const id = 900_000 + Math.floor(Math.random() * 99_999);
  const engine = s.io.engine;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => (engine.off('message', onMessage), reject(new Error(`no answer within ${ANSWER_WITHIN_MS / 1000} s`))),
      ANSWER_WITHIN_MS,
    );
    function onMessage(data: unknown) {
      if (typeof data !== 'string' || !data.startsWith(`3${id}[`)) return;
      clearTimeout(timer);
      engine.off('message', onMessage);
      resolve(data.slice(`3${id}`.length));
    }
    engine.on('message', onMessage);
    engine.write(`2${id}[${JSON.stringify(event)},${payloadJson}]`);
  });
}

it('has a schema and permission for every client event, and nothing unlisted', () => {
  expect(events.length).toBeGreaterThan(10);
  expect(events).toEqual([...CLIENT_EVENTS].sort());
});

it.each(events)(
  '%s answers hostile payloads with an error that says why, never hangs, and writes nothing when it refuses',
  async (event) => {
    const rule = socketEventRules.get(event)!;
    const schema = rule.schema as z.ZodType;
    const role = roleOf(rule.permission);
    const valid = F.validExample(schema, EXAMPLES[event]);
    if (valid === undefined) throw new Error(`${event}: cannot build a valid payload from its schema: add one to EXAMPLES in this file`);
    const isValid = (v: unknown) => schema.safeParse(F.overTheWire(v)).success;

    // 1. Generated payloads.
    await fc.assert(
      fc.asyncProperty(F.hostilePayloads(valid, schema), async (payload) => {
        const p = await attempt(event, role, [payload], !isValid(payload));
        if (p) throw new Error(p);
      }),
      { numRuns: F.FUZZ_RUNS, endOnFailure: false },
    );

    // 2. What only an untyped client sends.
    const found: string[] = [];
    const fixed: [string, unknown[], boolean][] = [
      ['no payload at all', [], true],
      ['extra arguments after the payload', [valid, 'extra', { more: true }], true],
      ['binary instead of JSON', [Buffer.from('{"a":1}')], true],
      ['binary inside the payload', [{ ...(valid as object), blob: new Uint8Array([0, 255, 1]) }], true],
    ];
    for (const [what, args, mustRefuse] of fixed) {
      const p = await attempt(event, role, args, mustRefuse);
      if (p) found.push(`${what}: ${p}`);
    }
    const s = await socketOf(role);
    for (const [what, json] of [
      ['10,000 nested arrays', F.deepJson(10_000)],
      ['5,000 nested objects', F.deepJson(5_000, 'object')],
      ['lone surrogates escaped in the frame', '{"text":"\\ud800","note":"\\udfff\\ud83d","customerId":"\\udc00"}'],
    ] as const) {
      const before = await rowCounts(await t.raw());
      const answer = await rawFrame(s, event, json).then(
        (a) => (JSON.parse(a) as Answer[])[0]!,
        (e: Error) => e,
      );
      const refused = answer instanceof Error || 'error' in answer;
      const p = problem(
        answer,
        what !== 'lone surrogates escaped in the frame' || !isValid(JSON.parse(json)),
        refused ? changedTables(before, await rowCounts(await t.raw())) : [],
      );
      if (p) found.push(`${what}: ${p}`);
    }
    expect(found).toEqual([]);
  },
  120_000,
);

it('closes the connection with "message too big" (1009) on a frame over the size limit, writes nothing, and keeps serving', async () => {
  const s = await socketOf('agent');
  const before = await rowCounts(await t.raw());
  // The server closes the websocket with 1009, "message too big": the standard signal for exactly this.
  const dropped = new Promise<string>((resolve) =>
    s.once('disconnect', (reason, details) =>
      resolve(`${reason} ${(details as { context?: { code?: number } } | undefined)?.context?.code}`),
    ),
  );
  (s.emit as (event: string, payload: unknown) => void)('resolution:submit', {
    ...(EXAMPLES['resolution:submit'] as object),
    note: 'x'.repeat(70 * 1024),
  });
  expect(await dropped).toBe('transport close 1009');
  expect(changedTables(before, await rowCounts(await t.raw()))).toEqual([]);
  const again = await socketOf('agent');
  expect(await ask(again, 'resolution:draft', { helpdesk: 'zendesk', instance: 'acme.zendesk.com', ticketId: '101' })).toHaveProperty(
    'data',
  );
});

it('leaves a database that passes the engine’s integrity check and a resolution log that verifies', async () => {
  expect(await integrityCheck(await t.raw(), t.engine)).toBe('ok');
  expect(await t.app.repos.log.verify(t.seeded.acme.tenantId)).toMatchObject({ ok: true });
});
