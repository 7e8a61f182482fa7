import { and, eq, gte, inArray, lt } from 'drizzle-orm';
import { limitFor } from '@shared/qa/limits';
import type { PolicyDocument } from '@shared/schemas/policy';
import { normaliseSurvey, type QaException, type QaGrant, type QaResolution } from '@shared/qa/types';
import type { Database } from '../../db/database';
import { ATTACH_LOOKAHEAD, type Payload, type QaUser } from './shared';

/** The history QA logic reads: resolutions with what attached, grants with their limits, exceptions, users. */
export function createQaHistory(db: Database) {
  const { exceptions, grants, policyVersions, resolutionLog, users: usersT } = db.t;

  async function policies(tenantId: string): Promise<Map<number, PolicyDocument>> {
    const rows = await db.q
      .select({ version: policyVersions.version, document: policyVersions.document })
      .from(policyVersions)
      .where(eq(policyVersions.tenantId, tenantId));
    return new Map(rows.map((p) => [p.version, p.document as PolicyDocument]));
  }

  async function users(tenantId: string): Promise<Map<string, QaUser>> {
    const rows = await db.q
      .select({ id: usersT.id, team: usersT.team, since: usersT.createdAt, name: usersT.name, role: usersT.role })
      .from(usersT)
      .where(eq(usersT.tenantId, tenantId));
    return new Map(rows.map((u) => [u.id, u]));
  }

  async function exceptionsIn(tenantId: string, from: number, to: number): Promise<(QaException & { grantId: string | null })[]> {
    return db.q
      .select({
        id: exceptions.id,
        agentId: exceptions.agentId,
        approverId: exceptions.decidedBy,
        status: exceptions.status,
        createdAt: exceptions.createdAt,
        decidedAt: exceptions.decidedAt,
        grantId: exceptions.grantId,
      })
      .from(exceptions)
      .where(and(eq(exceptions.tenantId, tenantId), gte(exceptions.createdAt, from), lt(exceptions.createdAt, to)));
  }

  /** Grants in [from, to) with the limit in force for each; `resolutionOf` maps a grant id to the resolution that recorded it. */
  async function grantsIn(tenantId: string, from: number, to: number, resolutionOf = new Map<string, string>()): Promise<QaGrant[]> {
    const docs = await policies(tenantId);
    const memo = new Map<string, number | null>();
    const rows = await db.q
      .select({
        id: grants.id,
        agentId: grants.userId,
        customerId: grants.customerId,
        action: grants.action,
        amountCents: grants.amountCents,
        level: grants.agentLevel,
        tier: grants.customerTier,
        version: grants.policyVersion,
        exceptionId: grants.exceptionId,
        at: grants.createdAt,
      })
      .from(grants)
      .where(and(eq(grants.tenantId, tenantId), gte(grants.createdAt, from), lt(grants.createdAt, to)));
    return rows.map((g) => {
      const k = `${g.version}|${g.action}|${g.level}|${g.tier}`;
      if (!memo.has(k)) {
        const doc = docs.get(g.version);
        memo.set(k, doc ? limitFor(doc, g.action, g.level, g.tier) : null);
      }
      return {
        id: g.id,
        agentId: g.agentId,
        customerId: g.customerId,
        action: g.action,
        amountCents: g.amountCents,
        limitCents: memo.get(k)!,
        at: g.at,
        viaException: !!g.exceptionId,
        resolutionId: resolutionOf.get(g.id) ?? null,
      };
    });
  }

  /**
   * Resolutions logged in [from, to) with surveys, reopenings and repeat contacts attached,
   * each action carrying its limit. Only non-personal payload fields are read: sealed notes
   * stay sealed (QA needs to know a note is there, not to read it here).
   */
  async function history(tenantId: string, from: number, to: number) {
    const people = await users(tenantId);
    const rows = await db.q
      .select({
        id: resolutionLog.id,
        agentId: resolutionLog.agentId,
        ticketRef: resolutionLog.ticketRef,
        payload: resolutionLog.payload,
        at: resolutionLog.createdAt,
      })
      .from(resolutionLog)
      .where(
        and(
          eq(resolutionLog.tenantId, tenantId),
          eq(resolutionLog.kind, 'resolution'),
          gte(resolutionLog.createdAt, from),
          lt(resolutionLog.createdAt, to),
        ),
      );
    const parsed = rows.map((r) => ({ r, p: (r.payload ? JSON.parse(r.payload) : {}) as Payload }));
    const resolutionOfGrant = new Map<string, string>();
    for (const { r, p } of parsed) for (const a of p.actions ?? []) if (a.grantId) resolutionOfGrant.set(a.grantId, r.id);
    const grantList = await grantsIn(tenantId, from - 86_400_000, to, resolutionOfGrant);
    const limitOf = new Map(grantList.map((g) => [g.id, g.limitCents]));
    const survey = new Map<string, number>();
    const reopened = new Set<string>();
    const repeat = new Map<string, number>();
    const attachments = await db.q
      .select({ kind: resolutionLog.kind, refId: resolutionLog.refId, payload: resolutionLog.payload })
      .from(resolutionLog)
      .where(
        and(
          eq(resolutionLog.tenantId, tenantId),
          inArray(resolutionLog.kind, ['survey', 'reopening', 'repeat_contact']),
          gte(resolutionLog.createdAt, from),
          lt(resolutionLog.createdAt, to + ATTACH_LOOKAHEAD),
        ),
      );
    for (const a of attachments) {
      if (!a.refId) continue;
      const p = (a.payload ? JSON.parse(a.payload) : {}) as Payload;
      if (a.kind === 'survey' && typeof p.score === 'number') survey.set(a.refId, normaliseSurvey(p.survey ?? 'csat', p.score));
      else if (a.kind === 'reopening') reopened.add(a.refId);
      else if (a.kind === 'repeat_contact' && typeof p.daysAfter === 'number')
        repeat.set(a.refId, Math.min(repeat.get(a.refId) ?? Infinity, p.daysAfter));
    }
    const resolutions: QaResolution[] = parsed.map(({ r, p }) => {
      const who = people.get(r.agentId ?? '');
      return {
        id: r.id,
        agentId: r.agentId ?? 'unknown',
        team: who?.team ?? 'unknown',
        at: r.at,
        ticketRef: r.ticketRef,
        category: p.category ?? '',
        outcome: p.outcome ?? '',
        handleTimeSeconds: p.handleTimeSeconds ?? 0,
        actions: (p.actions ?? []).map((a) => ({
          action: a.action,
          amountCents: a.amountCents,
          via: a.via,
          limitCents: a.grantId ? (limitOf.get(a.grantId) ?? null) : null,
        })),
        surveyScore: survey.get(r.id) ?? null,
        repeatContactDays: repeat.get(r.id) ?? null,
        reopened: reopened.has(r.id),
        agentSince: who?.since ?? 0,
        hasNote: p.note !== undefined && p.note !== '',
      };
    });
    const grantOfException = new Map(grantList.filter((g) => g.viaException).map((g) => [g.id, g.resolutionId ?? null]));
    const exceptionList: QaException[] = (await exceptionsIn(tenantId, from, to)).map(({ grantId, ...e }) => ({
      ...e,
      resolutionId: grantId ? (grantOfException.get(grantId) ?? null) : null,
    }));
    return { resolutions, grants: grantList, exceptions: exceptionList, users: people };
  }

  return {
    history,
    grantsIn: (tenantId: string, from: number, to: number) => grantsIn(tenantId, from, to),
    users,
    exceptionsIn,
  };
}
