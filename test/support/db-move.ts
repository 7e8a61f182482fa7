/**
 * For the SQLite → PostgreSQL move tests: the move command as an operator runs it, a working
 * deployment's day made through the API on a SQLite file, and fresh PostgreSQL targets.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { openRaw } from './raw-db';
import { connectSocket, send, signIn } from './remote-clients';
import { runScript } from './run-script';
import { ingestSecret, type ServerProcess } from './server-process';
import { newTestDatabase, type TestDatabase } from './test-database';
import { postCall, postEvent } from './webhook';

const DANA = 'dana.whitfield@example.com';
const MARCO = 'marco.rossi@example.com';

/** The command as an operator runs it, with nothing from this process's environment naming a database. */
export const runMove = (from: string, to: string) =>
  runScript('move-to-postgres.ts', ['--from', from, '--to', to], { unset: ['LEEWAY_DB_FILE', 'LEEWAY_DATABASE_URL'] });

export async function call<T = Record<string, unknown>>(
  server: ServerProcess,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

export const fileHash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
export const resolution = (customerId: string, ticketId: string, over: object = {}) => ({
  idempotencyKey: randomUUID(),
  customerId,
  helpdesk: 'zendesk',
  ticketId,
  outcome: 'resolved',
  category: 'billing',
  note: 'Refunded the double charge; called back on 555-0100',
  handleTimeSeconds: 240,
  ...over,
});

export interface Deployment {
  customers: { dana: string; marco: string };
  context: unknown;
  verify: { ok: boolean; entries: number; headSeq: number };
  audit: unknown[];
  counts: Record<string, number>;
  hash: string;
}

/** A working deployment's day on the SQLite file: sign-ins (one failed), events, grants, an exception decided, resolutions logged. */
export async function makeDeployment(server: ServerProcess): Promise<Omit<Deployment, 'counts' | 'hash'>> {
  const wrong = await fetch(`${server.url}/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'agent@acme.test', password: 'not-the-password' }),
  });
  expect(wrong.status).toBe(401);
  const [agent, lead, auditor, admin] = await Promise.all(
    ['agent', 'lead', 'auditor', 'admin'].map((u) => signIn(server.url, `${u}@acme.test`)),
  );
  const raw = await openRaw({ kind: 'sqlite', file: server.dbFile }, { readonly: true });
  const customerOf = async (email: string) =>
    (await raw.one<{ id: string }>('select customer_id as id from identities where value = ?', email))!.id;
  const customers = { dana: await customerOf(DANA), marco: await customerOf(MARCO) };
  await raw.close();

  expect(
    (
      await call(server, admin!, 'POST', '/v1/event-types', {
        type: 'custom.plan_viewed',
        label: 'Plan viewed',
        fields: [{ name: 'plan', kind: 'string', required: true }],
      })
    ).status,
  ).toBe(201);
  const key = { id: 'acme-demo', secret: await ingestSecret(server.dbFile, 'acme-demo') };
  expect(
    (
      await postEvent(server.url, key, {
        type: 'contact.opened',
        customer: { email: DANA },
        data: { channel: 'email', ticketRef: 'zendesk:501', subject: 'Charged twice, again' },
      })
    ).status,
  ).toBe(200);
  expect((await postEvent(server.url, key, { type: 'custom.plan_viewed', customer: { email: DANA }, data: { plan: 'gold' } })).status).toBe(
    200,
  );

  const grant = await call<{ grant: { id: string } }>(server, agent!, 'POST', '/v1/grants', {
    customerId: customers.dana,
    action: 'goodwill_gesture',
    amountCents: 500,
    idempotencyKey: randomUUID(),
  });
  expect(grant.status).toBe(201);

  // An exception over leeway, raised by the agent and approved by the on-duty lead over their sockets.
  const [leadSocket, agentSocket] = await Promise.all([connectSocket(server.url, lead!), connectSocket(server.url, agent!)]);
  try {
    expect(await send(leadSocket, 'duty:set', { onDuty: true })).toHaveProperty('data');
    const raised = (await send(agentSocket, 'exception:request', {
      customerId: customers.marco,
      action: 'account_credit',
      amountCents: 4_500,
      reasonCode: 'goodwill',
      note: 'Third outage this month',
      idempotencyKey: randomUUID(),
    })) as { data: { id: string } };
    expect(raised).toHaveProperty('data.id');
    const decided = await send(leadSocket, 'exception:decide', {
      exceptionId: raised.data.id,
      decision: 'approve',
      note: 'Loyal customer',
    });
    expect(decided).toHaveProperty('data.status', 'approved');
  } finally {
    leadSocket.disconnect();
    agentSocket.disconnect();
  }

  expect(
    (
      await call(
        server,
        agent!,
        'POST',
        '/v1/resolutions',
        resolution(customers.dana, '501', { actions: [{ action: 'goodwill_gesture', amountCents: 500, grantId: grant.body.grant.id }] }),
      )
    ).status,
  ).toBe(201);
  expect((await call(server, agent!, 'POST', '/v1/resolutions', resolution(customers.marco, '502'))).status).toBe(201);
  // A survey answer attaches to the resolution of its ticket: one more log entry, from the webhook.
  expect(
    (
      await postEvent(server.url, key, {
        type: 'survey.answered',
        customer: { email: DANA },
        data: { survey: 'csat', score: 5, comment: 'Great help', ticketRef: 'zendesk:501' },
      })
    ).status,
  ).toBe(200);

  // A call from a number nobody holds: a row of its own, in no customer's history.
  const ringing = await postCall(server.url, key, {
    platform: 'amazon-connect',
    contactId: 'move-1',
    state: 'ringing',
    caller: '+1 646 555 0101',
  });
  expect(ringing.status).toBe(200);

  const context = await call(server, agent!, 'GET', `/v1/customers/${customers.dana}/context`);
  expect(context.status).toBe(200);
  const verify = await call<Deployment['verify']>(server, auditor!, 'GET', '/v1/log/verify');
  expect(verify.body).toMatchObject({ ok: true, entries: 3, headSeq: 3 });
  const audit = await call<{ entries: unknown[] }>(server, admin!, 'GET', '/v1/audit?limit=100');
  expect(audit.status).toBe(200);
  return { customers, context: context.body, verify: verify.body, audit: audit.body.entries };
}

const databases: TestDatabase[] = [];
/** Drops every database emptyPostgres made. */
export const dropDatabases = () => Promise.all(databases.map((d) => d.drop()));
/** A fresh, empty PostgreSQL database (the project runs with LEEWAY_TEST_DB=postgres). */
export async function emptyPostgres(): Promise<string> {
  const db = await newTestDatabase();
  databases.push(db);
  if (db.target.kind !== 'postgres')
    throw new Error('db-move.pg.test.ts runs in the integration-pg project only (LEEWAY_TEST_DB=postgres)');
  return db.target.url;
}
export const countsOf = async (url: string) => {
  const raw = await openRaw({ kind: 'postgres', url }, { readonly: true });
  return raw.counts().finally(() => raw.close());
};
