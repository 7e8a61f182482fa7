/**
 * For the erasure tests: a customer with distinctive personal data, seeded into every table the
 * erasure rules say can hold it, and where any of it is still found afterwards (rows, and on
 * SQLite the file's bytes and its WAL).
 */
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { serverKey } from '../../../server/src/idempotency';
import { canonicalPhone } from '@shared/identity';
import type { TestApp } from '../app';

const tag = () => randomBytes(6).toString('hex');

/** A customer with a phone, an email and a distinctive name and note, none of them seen anywhere else. */
export function person() {
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
export type Person = ReturnType<typeof person>;
export const everything = (p: Person) => [p.email, p.phone, p.name, p.note];

export function erasureHelpers(app: () => TestApp) {
  const acme = () => app().seeded.acme;
  async function create(p: Person, emails = [p.email]): Promise<string> {
    return app().app.repos.customers.create(acme().tenantId, {
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
    const db = app().app.db;
    const tb = db.t;
    const entry = await app().app.repos.log.append(tenantId, {
      idempotencyKey: serverKey('erasure-test', randomUUID()),
      kind: 'resolution',
      customerId,
      agentId: users.agent,
      data: { outcome: 'resolved' },
      personal: { note: p.note },
    });
    await db.tx(async (q) => {
      await q.insert(tb.events).values({
        id: randomUUID(),
        tenantId,
        customerId,
        externalId: `ext-${tag()}`,
        type: 'contact',
        data: { message: p.note, from: p.email, phone: p.phone },
        occurredAt: now,
        receivedAt: now,
      });
      await q
        .insert(tb.tickets)
        .values({ tenantId, ref: `zendesk:${tag()}`, customerId, channel: 'email', subject: p.note, openedAt: now });
      await q
        .insert(tb.interactions)
        .values({ id: randomUUID(), tenantId, userId: users.agent, customerId, helpdesk: 'zendesk', ticketId: tag(), openedAt: now });
      // A call matched to them, and one from their number before it was theirs.
      for (const matched of [customerId, null])
        await q.insert(tb.calls).values({
          tenantId,
          platform: 'amazon-connect',
          contactId: `c-${tag()}`,
          channel: 'voice',
          state: 'ended',
          callerE164: p.phone,
          customerId: matched,
          connectedAt: now,
          endedAt: now,
          updatedAt: now,
        });
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
      // A send-up and a decision: each step carries the decider's note.
      await q.insert(tb.exceptionEvents).values([
        { exceptionId, at: now, kind: 'sent_up', userId: users.supervisor, message: p.note },
        { exceptionId, at: now, kind: 'denied', userId: users.supervisor, message: p.note },
      ]);
      const reviewId = randomUUID();
      await q.insert(tb.qaReviews).values({
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
      await q.insert(tb.qaDisputes).values({
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
      await q.insert(tb.qaDisputeEvents).values({
        disputeId,
        at: now,
        kind: 'raised',
        userId: users.agent,
        message: p.note,
        detail: { criteria: ['empathy'], scores: { empathy: { score: 2, comment: p.note } } },
      });
    });
    await db.tx(() =>
      app().app.repos.audit.record(tenantId, users.admin, 'pii.reveal', `customer:${customerId}`, {
        field: 'email',
        shown: p.email,
        phone: p.phone,
      }),
    );
  }

  /** Every row of every table, as text: where the values must not be, on either engine. */
  async function rowsMentioning(values: string[]): Promise<string[]> {
    const raw = await app().raw();
    const hits: string[] = [];
    for (const table of Object.keys(await raw.counts())) {
      const text = JSON.stringify(await raw.all(`select * from "${table}"`));
      for (const v of values) if (text.includes(v)) hits.push(`${table}: ${v}`);
    }
    return hits;
  }

  /** On SQLite, the file and its WAL, byte for byte. */
  function bytesMentioning(values: string[]): string[] {
    const { target } = app();
    if (target.kind !== 'sqlite') return [];
    const files = [target.file, `${target.file}-wal`].filter(existsSync);
    return files.flatMap((f) => {
      const bytes = readFileSync(f);
      return values.filter((v) => bytes.includes(Buffer.from(v, 'utf8'))).map((v) => `${f}: ${v}`);
    });
  }
  return { create, seedEverywhere, rowsMentioning, bytesMentioning };
}
