/**
 * Every place outside the resolution log where a customer's personal data can be, and what erasure does there. Run
 * inside the erasure's transaction. The raw-file test (test/integration/erasure-complete.test.ts) keeps a table-by-table
 * map of these rules: a new table without one fails it.
 */
import { and, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import type { Query, Tables } from '../../db/database';
import { scrubCallers } from './scrub-calls';
import { deleteOfferRows } from './scrub-outcomes';
import type { ErasureScope } from './scope';

export const ERASED = '[erased]';

/** Replaces every occurrence of `values` inside the strings of a JSON value (keys too). */
export function scrubJson(value: unknown, values: string[]): unknown {
  if (typeof value === 'string') return values.reduce((s, v) => s.split(v).join(ERASED), value);
  if (Array.isArray(value)) return value.map((v) => scrubJson(v, values));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrubJson(k, values), scrubJson(v, values)]));
  return value;
}

/** Rows changed per table: what an erasure's receipt reports (names and counts, never values). */
export type ErasedCounts = Record<string, number>;

export async function scrubCustomerData(tx: Query, t: Tables, tenantId: string, scope: ErasureScope, now: number): Promise<ErasedCounts> {
  // Rows by key per table: two statements touching one row (an exception's note, then its decision note) count it once.
  const touched = new Map<string, Set<unknown>>();
  const count = <R>(table: string, rows: R[], key: (r: R) => unknown) => {
    const seen = touched.get(table) ?? touched.set(table, new Set()).get(table)!;
    for (const r of rows) seen.add(key(r));
  };
  const byId = (r: { id: unknown }) => r.id;
  const {
    auditLog,
    conversationScores,
    customerMerges,
    customers,
    events,
    exceptionEvents,
    exceptions,
    identities,
    identityConflicts,
    qaDisputeEvents,
    qaDisputes,
    qaReviews,
    resolutionLog,
    tickets,
  } = t;
  const ids = scope.customers;

  // What moved out of an erased record by a merge is its data too, wherever it now sits.
  const movedOut = scope.merges.filter((m) => ids.includes(m.fromCustomer));
  const movedIdentities = movedOut.flatMap((m) => m.moved.identities);
  const movedEvents = movedOut.flatMap((m) => m.moved.events);
  const movedTickets = movedOut.flatMap((m) => m.moved.tickets);

  // Identity values, read before they go: they are what to look for in free text elsewhere (audit details).
  const held = await tx
    .select({ kind: identities.kind, value: identities.value })
    .from(identities)
    .where(and(eq(identities.tenantId, tenantId), inArray(identities.customerId, ids)));
  const conflicting = await tx
    .select({ value: identityConflicts.value })
    .from(identityConflicts)
    .where(
      and(eq(identityConflicts.tenantId, tenantId), or(inArray(identityConflicts.heldBy, ids), inArray(identityConflicts.claimedBy, ids))),
    );
  const values = [
    ...new Set([...held, ...movedIdentities, ...scope.merges.flatMap((m) => m.moved.identities), ...conflicting].map((i) => i.value)),
  ].filter((v) => v.length > 0);

  count(
    'customers',
    await tx
      .update(customers)
      .set({ name: 'Erased customer', flags: [], consent: {}, signalSummary: null, erasedAt: now })
      .where(and(eq(customers.tenantId, tenantId), inArray(customers.id, ids)))
      .returning(),
    byId,
  );
  count(
    'identities',
    await tx
      .delete(identities)
      .where(and(eq(identities.tenantId, tenantId), inArray(identities.customerId, ids)))
      .returning(),
    (r) => `${r.kind}:${r.value}`,
  );
  for (const i of movedIdentities)
    count(
      'identities',
      await tx
        .delete(identities)
        .where(
          and(
            eq(identities.tenantId, tenantId),
            eq(identities.kind, i.kind as (typeof identities.$inferSelect)['kind']),
            eq(identities.value, i.value),
          ),
        )
        .returning(),
      (r) => `${r.kind}:${r.value}`,
    );
  // A conflict is about a value one of them claimed: nothing in it is worth keeping once the value goes.
  count(
    'identity_conflicts',
    await tx
      .delete(identityConflicts)
      .where(
        and(
          eq(identityConflicts.tenantId, tenantId),
          or(inArray(identityConflicts.heldBy, ids), inArray(identityConflicts.claimedBy, ids)),
        ),
      )
      .returning(),
    byId,
  );

  count(
    'events',
    await tx
      .update(events)
      .set({ data: {} })
      .where(and(eq(events.tenantId, tenantId), inArray(events.customerId, ids)))
      .returning(),
    byId,
  );
  if (movedEvents.length)
    count(
      'events',
      await tx
        .update(events)
        .set({ data: {} })
        .where(and(eq(events.tenantId, tenantId), inArray(events.id, movedEvents)))
        .returning(),
      byId,
    );
  count(
    'tickets',
    await tx
      .update(tickets)
      .set({ subject: null })
      .where(and(eq(tickets.tenantId, tenantId), inArray(tickets.customerId, ids)))
      .returning(),
    (r) => r.ref,
  );
  if (movedTickets.length)
    count(
      'tickets',
      await tx
        .update(tickets)
        .set({ subject: null })
        .where(and(eq(tickets.tenantId, tenantId), inArray(tickets.ref, movedTickets)))
        .returning(),
      (r) => r.ref,
    );
  // A call keeps its times (handle time, counts) but not the number: theirs, or theirs before a match.
  count('calls', await scrubCallers(tx, t, tenantId, ids, values), (r) => `${r.platform}:${r.contactId}`);
  for (const [table, rows] of await deleteOfferRows(tx, t, tenantId, ids)) count(table, rows, byId);
  // Sentiment of their messages is about them and nothing else needs it.
  count(
    'conversation_scores',
    await tx
      .delete(conversationScores)
      .where(and(eq(conversationScores.tenantId, tenantId), inArray(conversationScores.customerId, ids)))
      .returning(),
    (r) => `${r.ticketRef}:${r.messageHash}`,
  );

  // Merge history: the values and the reason go; which records, who and when stay. `erasedAt` refuses any unmerge.
  // An already undone merge loses its values too: it cannot be undone twice, so nothing reads them.
  for (const m of scope.merges) {
    const moved = { ...m.moved, identities: m.moved.identities.map((i) => ({ kind: i.kind, value: ERASED })), erasedAt: now };
    count(
      'customer_merges',
      await tx.update(customerMerges).set({ moved, reason: ERASED }).where(eq(customerMerges.id, m.id)).returning(),
      byId,
    );
  }

  // Exceptions: the amounts and decisions stay (budgets, QA); the people's words about the customer go.
  const theirExceptions = (
    await tx
      .select({ id: exceptions.id })
      .from(exceptions)
      .where(and(eq(exceptions.tenantId, tenantId), inArray(exceptions.customerId, ids)))
  ).map((e) => e.id);
  if (theirExceptions.length) {
    count('exceptions', await tx.update(exceptions).set({ note: ERASED }).where(inArray(exceptions.id, theirExceptions)).returning(), byId);
    count(
      'exceptions',
      await tx
        .update(exceptions)
        .set({ decisionNote: ERASED })
        .where(and(inArray(exceptions.id, theirExceptions), isNotNull(exceptions.decisionNote)))
        .returning(),
      byId,
    );
    // Every step's message: a decision's and a send-up's are the decider's note, and a list of the
    // kinds that carry one missed the send-up. The kind, who and when stay.
    await tx.update(exceptionEvents).set({ message: ERASED }).where(inArray(exceptionEvents.exceptionId, theirExceptions));
  }

  // QA on their resolutions: scores stay, comments and reasons go.
  const resolutions = (
    await tx
      .select({ id: resolutionLog.id })
      .from(resolutionLog)
      .where(and(eq(resolutionLog.tenantId, tenantId), inArray(resolutionLog.customerId, ids)))
  ).map((r) => r.id);
  const reviews = resolutions.length
    ? await tx
        .select({ id: qaReviews.id, scores: qaReviews.scores })
        .from(qaReviews)
        .where(and(eq(qaReviews.tenantId, tenantId), inArray(qaReviews.resolutionId, resolutions)))
    : [];
  for (const r of reviews) {
    const scores = Object.fromEntries(Object.entries(r.scores).map(([k, s]) => [k, { score: s.score, comment: s.comment ? ERASED : '' }]));
    count('qa_reviews', await tx.update(qaReviews).set({ scores, comment: ERASED }).where(eq(qaReviews.id, r.id)).returning(), byId);
  }
  const disputes = reviews.length
    ? (
        await tx
          .select({ id: qaDisputes.id })
          .from(qaDisputes)
          .where(
            and(
              eq(qaDisputes.tenantId, tenantId),
              inArray(
                qaDisputes.reviewId,
                reviews.map((r) => r.id),
              ),
            ),
          )
      ).map((d) => d.id)
    : [];
  if (disputes.length) {
    count('qa_disputes', await tx.update(qaDisputes).set({ reason: ERASED }).where(inArray(qaDisputes.id, disputes)).returning(), byId);
    count(
      'qa_disputes',
      await tx
        .update(qaDisputes)
        .set({ decisionNote: ERASED })
        .where(and(inArray(qaDisputes.id, disputes), isNotNull(qaDisputes.decisionNote)))
        .returning(),
      byId,
    );
    // The trail's detail holds the review's scores before and after, comments included.
    for (const e of await tx
      .select({ id: qaDisputeEvents.id, detail: qaDisputeEvents.detail })
      .from(qaDisputeEvents)
      .where(inArray(qaDisputeEvents.disputeId, disputes))) {
      count(
        'qa_dispute_events',
        await tx
          .update(qaDisputeEvents)
          .set({ message: ERASED, detail: eraseComments(e.detail) })
          .where(eq(qaDisputeEvents.id, e.id))
          .returning(),
        byId,
      );
    }
  }

  // Audit entries stay (who did what, when); any of the customer's identity values in their details go.
  for (const v of values) {
    const naming = await tx
      .select({ id: auditLog.id, detail: auditLog.detail })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantId), sql`cast(${auditLog.detail} as text) like ${`%${likeEscaped(v)}%`} escape '\\'`));
    for (const a of naming)
      count(
        'audit_log',
        await tx
          .update(auditLog)
          .set({ detail: scrubJson(a.detail, values) })
          .where(eq(auditLog.id, a.id))
          .returning(),
        byId,
      );
  }
  return Object.fromEntries([...touched].filter(([, rows]) => rows.size > 0).map(([table, rows]) => [table, rows.size]));
}

const likeEscaped = (v: string) => v.replace(/[\\%_]/g, (c) => `\\${c}`);

/** `comment` fields anywhere in a dispute event's detail become "[erased]". */
function eraseComments(detail: unknown): unknown {
  if (Array.isArray(detail)) return detail.map(eraseComments);
  if (detail && typeof detail === 'object')
    return Object.fromEntries(
      Object.entries(detail).map(([k, v]) => [k, k === 'comment' && typeof v === 'string' ? (v ? ERASED : v) : eraseComments(v)]),
    );
  return detail;
}
