/**
 * Erasure is complete: a customer seeded into every table that can hold their personal data,
 * erased through the real route, leaves no trace of their email, phone, name or notes in any
 * row, and on SQLite none in the file's bytes or its WAL, nor their wrapped log key. Erasure
 * follows merges, and a merge touching an erased customer can never be undone.
 *
 * Every table of the schema must have a rule below: a new table without one fails here.
 */
import { getTableName, is } from 'drizzle-orm';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../../server/src/db/schema.sqlite';
import { serverKey } from '../../server/src/idempotency';
import { canonicalPhone } from '../../shared/identity';
import { startTestApp, type TestApp } from '../support/app';

/** How erasure treats each table, or why it holds no personal data. */
const ERASURE_RULES: Record<string, string> = {
  tenants: 'no customer data: the tenant itself',
  users: 'staff accounts, not customers',
  sessions: 'staff sessions',
  sign_in_failures: 'staff sign-in attempts (staff emails)',
  ingest_keys: 'sealed webhook secrets',
  webhook_deliveries: 'signatures only',
  customers: 'name replaced, flags and consent emptied, erased_at set; the row stays for the links',
  identities: 'deleted, and those a merge moved out of the customer, wherever they sit',
  events: 'data emptied (type and times stay for counts)',
  tickets: 'subject nulled',
  interactions: 'kept: ids, ticket id, times and the link to the (now empty) customer; nothing said or shown is stored',
  policy_versions: 'policies, not about customers',
  grants: 'kept: amounts and the link for budgets; customer_flags are condition codes, not personal',
  exceptions: 'note and decision note → "[erased]"',
  exception_events: "decisions' messages (the decider's note) → \"[erased]\"; the server's own steps stay",
  customer_keys: 'deleted (secure_delete + WAL checkpoint on SQLite): sealed log fields unreadable',
  resolution_log: 'personal fields sealed under the destroyed key; the rest is not personal; the chain stays',
  helpdesk_adapters: 'adapter definitions',
  helpdesk_hosts: 'helpdesk hosts',
  customer_merges: 'moved identity values and reason → "[erased]", marked so it cannot be undone',
  identity_conflicts: 'deleted where the customer holds or claims',
  import_jobs: 'file hashes and counts',
  audit_log: 'kept; identity values in details → "[erased]"',
  conversation_scores: 'deleted',
  event_types: 'type declarations',
  qa_scorecards: 'criteria',
  qa_queues: 'sampling rules',
  qa_picks: 'kept: why picked are rule names',
  qa_reviews: 'comments → "[erased]", scores stay',
  qa_disputes: 'reason and decision note → "[erased]"',
  qa_dispute_events: 'message and comments in detail → "[erased]"',
  qa_calibrations: 'names of sessions and resolution ids',
  qa_calibration_scores: 'numbers',
  qa_integrity_checks: 'verification results',
  erasure_requests: 'the customer id, who asked and when, and a receipt of table names and counts, never a value',
  log_checkpoints: 'signed heads of the log: sequence numbers and hashes',
};

const schemaTables = Object.values(schema)
  .filter((v) => is(v, SQLiteTable))
  .map((v) => getTableName(v as SQLiteTable));

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.token('admin@acme.test');
});
afterAll(() => t?.close());

const call = (method: 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { authorization: `Bearer ${admin}` }, ...(payload && { payload }) });
const acme = () => t.seeded.acme;
const tag = () => randomBytes(6).toString('hex');

/** A customer with a phone, an email and a distinctive name and note, none of them seen anywhere else. */
function person() {
  const s = tag();
  let phone: string | null = null;
  while (!phone) phone = canonicalPhone(`+1 415 ${200 + Math.floor(Math.random() * 700)} ${1000 + Math.floor(Math.random() * 9000)}`);
  return {
    name: `Quirina Erasable ${s}`,
    email: `quirina.${s}@erasure.test`,
    phone,
    note: `Note ${s}: the customer told us about their illness`,
  };
}
type Person = ReturnType<typeof person>;

async function create(p: Person, emails = [p.email]): Promise<string> {
  return t.app.repos.customers.create(acme().tenantId, {
    name: p.name,
    tier: 'gold',
    lifetimeValueCents: 100,
    customerSince: Date.now(),
    emails,
    phones: [p.phone],
  });
}

/** Seeds `p` into every table the map says holds personal data. */
async function seedEverywhere(customerId: string, p: Person) {
  const { tenantId, users } = acme();
  const now = Date.now();
  const db = t.app.db;
  const tb = db.t;
  const entry = await t.app.repos.log.append(tenantId, {
    idempotencyKey: serverKey('erasure-test', randomUUID()),
    kind: 'resolution',
    customerId,
    agentId: users.agent,
    data: { outcome: 'resolved' },
    personal: { note: p.note },
  });
  await db.tx(async (q) => {
    await q
      .insert(tb.events)
      .values({
        id: randomUUID(),
        tenantId,
        customerId,
        externalId: `ext-${tag()}`,
        type: 'contact',
        data: { message: p.note, from: p.email, phone: p.phone },
        occurredAt: now,
        receivedAt: now,
      });
    await q.insert(tb.tickets).values({ tenantId, ref: `zendesk:${tag()}`, customerId, channel: 'email', subject: p.note, openedAt: now });
    await q
      .insert(tb.interactions)
      .values({ id: randomUUID(), tenantId, userId: users.agent, customerId, helpdesk: 'zendesk', ticketId: tag(), openedAt: now });
    await q
      .insert(tb.conversationScores)
      .values({ tenantId, customerId, ticketRef: `zendesk:${tag()}`, messageHash: tag(), at: now, score: -0.5 });
    const exceptionId = randomUUID();
    await q.insert(tb.exceptions).values({
      id: exceptionId,
      tenantId,
      idempotencyKey: `k-${tag()}`,
      customerId,
      agentId: users.agent,
      team: 'billing',
      action: 'refund',
      amountCents: 5000,
      note: p.note,
      policyReason: 'over the limit',
      policyVersion: 1,
      level: 'team_lead',
      slaSeconds: 600,
      dueAt: now,
      status: 'denied',
      decidedBy: users.supervisor,
      decisionNote: p.note,
      createdAt: now,
      decidedAt: now,
    });
    await q.insert(tb.exceptionEvents).values({ exceptionId, at: now, kind: 'denied', userId: users.supervisor, message: p.note });
    const reviewId = randomUUID();
    await q
      .insert(tb.qaReviews)
      .values({
        id: reviewId,
        tenantId,
        resolutionId: entry.id,
        agentId: users.agent,
        reviewerId: users.admin,
        scorecardVersion: 1,
        scores: { empathy: { score: 2, comment: p.note } },
        quality: 0.5,
        comment: p.note,
        status: 'disputed',
        createdAt: now,
        updatedAt: now,
      });
    const disputeId = randomUUID();
    await q
      .insert(tb.qaDisputes)
      .values({
        id: disputeId,
        tenantId,
        reviewId,
        agentId: users.agent,
        criteria: ['empathy'],
        reason: p.note,
        status: 'upheld',
        decidedBy: users.admin,
        decisionNote: p.note,
        createdAt: now,
        decidedAt: now,
      });
    await q
      .insert(tb.qaDisputeEvents)
      .values({
        disputeId,
        at: now,
        kind: 'raised',
        userId: users.agent,
        message: p.note,
        detail: { criteria: ['empathy'], scores: { empathy: { score: 2, comment: p.note } } },
      });
  });
  await db.tx(() =>
    t.app.repos.audit.record(tenantId, users.admin, 'pii.reveal', `customer:${customerId}`, {
      field: 'email',
      shown: p.email,
      phone: p.phone,
    }),
  );
}

const everything = (p: Person) => [p.email, p.phone, p.name, p.note];

/** Every row of every table, as text: where the values must not be, on either engine. */
async function rowsMentioning(values: string[]): Promise<string[]> {
  const raw = await t.raw();
  const hits: string[] = [];
  for (const table of Object.keys(await raw.counts())) {
    const text = JSON.stringify(await raw.all(`select * from "${table}"`));
    for (const v of values) if (text.includes(v)) hits.push(`${table}: ${v}`);
  }
  return hits;
}

/** On SQLite, the file and its WAL, byte for byte. */
function bytesMentioning(values: string[]): string[] {
  if (t.target.kind !== 'sqlite') return [];
  const files = [t.target.file, `${t.target.file}-wal`].filter(existsSync);
  return files.flatMap((f) => {
    const bytes = readFileSync(f);
    return values.filter((v) => bytes.includes(Buffer.from(v, 'utf8'))).map((v) => `${f}: ${v}`);
  });
}

describe('the erasure rules', () => {
  it('cover every table of the schema, and name no table that is not in it', () => {
    expect(
      schemaTables.filter((name) => !(name in ERASURE_RULES)),
      'tables without an erasure rule',
    ).toEqual([]);
    expect(
      Object.keys(ERASURE_RULES).filter((name) => !schemaTables.includes(name)),
      'rules for tables that do not exist',
    ).toEqual([]);
  });
});

describe('erasing a customer', () => {
  it('leaves none of their data, nor of a record merged into theirs, in any row or in the file, and the log verifies', async () => {
    const { tenantId } = acme();
    const me = person();
    const twin = person();
    const id = await create(me);
    const twinId = await create(twin);
    await seedEverywhere(id, me);
    await seedEverywhere(twinId, twin);
    // Another customer claims my email: an identity conflict naming it.
    await t.app.repos.customers.create(tenantId, {
      name: 'Someone Else',
      tier: 'standard',
      lifetimeValueCents: 0,
      customerSince: Date.now(),
      emails: [me.email],
    });
    const merged = await call('POST', `/v1/customers/${twinId}/merge`, {
      into: id,
      reason: `${twin.name} is ${me.name}, phone ${me.phone}`,
    });
    expect(merged.statusCode, merged.body).toBe(201);
    const raw = await t.raw();
    const keys = (await raw.all<{ k: string }>('select wrapped_key as k from customer_keys where customer_id in (?, ?)', id, twinId)).map(
      (r) => r.k,
    );
    expect(keys).toHaveLength(2);
    const secrets = [...everything(me), ...everything(twin)];
    expect(await rowsMentioning(secrets)).not.toEqual([]); // the seeding put them there

    const erased = await call('POST', `/v1/customers/${id}/erase`);
    expect(erased.statusCode, erased.body).toBe(200);

    expect(await rowsMentioning([...secrets, ...keys])).toEqual([]);
    expect(bytesMentioning([...secrets, ...keys])).toEqual([]);
    expect((await t.app.repos.log.verify(tenantId)).ok).toBe(true);
    // Both records are marked erased: the twin was the same person.
    expect(await raw.all('select id from customers where id in (?, ?) and erased_at is null', id, twinId)).toEqual([]);

    const undo = await call('POST', `/v1/merges/${merged.json().mergeId}/undo`);
    expect(undo.statusCode).toBe(409);
    expect(undo.json().message).toMatch(/cannot be undone: one of its customers was erased/);
  });

  it('erasing a record merged into another takes what moved from it, and the merge can never be undone', async () => {
    const { tenantId } = acme();
    const gone = person();
    const stays = person();
    const goneId = await create(gone);
    const staysId = await create(stays);
    const merged = await call('POST', `/v1/customers/${goneId}/merge`, { into: staysId, reason: `${gone.name} moved house` });
    expect(merged.statusCode, merged.body).toBe(201);

    const erased = await call('POST', `/v1/customers/${goneId}/erase`);
    expect(erased.statusCode, erased.body).toBe(200);

    expect(await rowsMentioning(everything(gone))).toEqual([]);
    // The record it was merged into keeps its own identities.
    expect(await t.app.repos.customers.contactValue(tenantId, staysId, 'email')).toBe(stays.email);
    const undo = await call('POST', `/v1/merges/${merged.json().mergeId}/undo`);
    expect(undo.statusCode).toBe(409);
    expect(undo.json().message).toMatch(/cannot be undone: one of its customers was erased/);
    expect(await t.app.repos.customers.contactValue(tenantId, goneId, 'email')).toBeNull();
    // Nor can new data be tied to the erased record by a merge.
    const other = await create(person());
    const again = await call('POST', `/v1/customers/${other}/merge`, { into: goneId, reason: 'Same person' });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe('One of them was erased: an erased customer cannot be merged');
  });
});
