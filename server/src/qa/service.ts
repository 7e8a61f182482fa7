/**
 * QA flows over the repositories: build a queue from the history, open a resolution for
 * review, score, dispute and settle, calibrate, run the detectors, feed the charts. Pure
 * logic lives in shared/qa; this file decides who may see what.
 */
import { parseRef } from '../../../shared/helpdesk-instance';
import type { FastifyInstance } from 'fastify';
import { calibrationReport } from '../../../shared/qa/agreement';
import { detectAll } from '../../../shared/qa/detectors';
import { buildQueue, SamplingRules } from '../../../shared/qa/sampling';
import { autoChecks, DEFAULT_SCORECARD, prefill, qualityScore, SCORE_MAX, SCORE_MIN, type Criterion } from '../../../shared/qa/scorecard';
import { DAY, normaliseSurvey, WEEK } from '../../../shared/qa/types';
import { UserError, forbidden, notFound } from '../errors';
import { isSealed } from '../log/crypto';
import type { Principal } from '../plugins/app/auth';
import type { LogEntry } from '../repositories/log';

type App = FastifyInstance;

export async function currentScorecard(app: App, tenantId: string) {
  // A tenant without one (not seeded) gets the default as version 1 on first use.
  // Created only if still absent under the tenant's lock: two first uses at once make one version.
  return (
    (await app.repos.qa.scorecard(tenantId)) ??
    app.repos.qa.createScorecard(tenantId, DEFAULT_SCORECARD.criteria, DEFAULT_SCORECARD.note ?? null, 'system', { ifNone: true })
  );
}

export async function createQueue(
  app: App,
  who: Principal,
  body: { name: string; from: number; to: number; rules: Partial<SamplingRules> },
) {
  if (body.to <= body.from) throw new UserError(400, 'body.to: must be after body.from');
  if (body.to - body.from > 92 * DAY) throw new UserError(400, 'body.to: a queue covers at most 92 days');
  const rules = SamplingRules.parse(body.rules);
  const h = await app.repos.qa.history(who.tenantId, body.from, body.to);
  const taken = await app.repos.qa.takenIds(who.tenantId, body.from - 92 * DAY, body.to);
  const at = new Map(h.resolutions.map((r) => [r.id, r.at]));
  const picks = buildQueue(h.resolutions, rules, taken).map((p) => ({ ...p, resolvedAt: at.get(p.resolutionId)! }));
  const id = await app.repos.qa.createQueue(
    who.tenantId,
    { name: body.name, rules, fromAt: body.from, toAt: body.to, createdBy: who.userId },
    picks,
  );
  return { id, picks: picks.length, considered: h.resolutions.length };
}

export async function queueView(app: App, who: Principal, queueId: string) {
  const q = await app.repos.qa.queue(who.tenantId, queueId);
  if (!q) throw notFound('No such queue in your tenant');
  const people = await app.repos.qa.users(who.tenantId);
  const picks = (await app.repos.qa.picks(who.tenantId, queueId)).map((p) => ({
    resolutionId: p.resolutionId,
    agentId: p.agentId,
    agentName: people.get(p.agentId)?.name ?? p.agentId,
    why: p.why,
    resolvedAt: new Date(p.resolvedAt).toISOString(),
    reviewId: p.reviewId,
  }));
  return { id: q.id, name: q.name, from: new Date(q.fromAt).toISOString(), to: new Date(q.toAt).toISOString(), rules: q.rules, picks };
}

/**
 * The entry's payload with its sealed personal fields (the note…) opened, and, when any was,
 * an audit entry naming the entry and the fields, in the same transaction as the read: a person
 * who saw a customer's note is on record, whatever their role.
 */
async function readAudited(app: App, who: Principal, entry: LogEntry): Promise<Record<string, unknown>> {
  return app.db.tx(async () => {
    const payload = (await app.repos.log.readPayload(who.tenantId, entry)) ?? {};
    const sealed = entry.payload
      ? Object.entries(JSON.parse(entry.payload) as Record<string, unknown>)
          .filter(([, v]) => isSealed(v))
          .map(([k]) => k)
      : [];
    // An erased customer's fields open to readPayload's "[erased]": no personal data was read.
    const opened = sealed.filter((k) => payload[k] !== '[erased]');
    if (opened.length)
      await app.repos.audit.record(who.tenantId, who.userId, 'log.read', `resolution:${entry.id}`, { entries: [entry.id], fields: opened });
    return payload;
  });
}

/** One resolution as the review form needs it; agents only their own. */
export async function resolutionView(app: App, who: Principal, resolutionId: string) {
  const entry = await app.repos.log.byId(who.tenantId, resolutionId);
  if (!entry || entry.kind !== 'resolution') throw notFound('No such resolution in your tenant');
  if (who.role === 'agent' && entry.agentId !== who.userId) throw forbidden('Agents see only their own resolutions');
  const payload = await readAudited(app, who, entry);
  const attached = (await app.repos.qa.attachedTo(who.tenantId, entry.id)).map((a) => ({
    kind: a.kind,
    at: new Date(a.at).toISOString(),
    data: a.payload ? (JSON.parse(a.payload) as Record<string, unknown>) : null,
  }));
  const survey = attached.find((a) => a.kind === 'survey')?.data as { survey?: string; score?: number } | undefined;
  const h = await app.repos.qa.history(who.tenantId, entry.createdAt, entry.createdAt + 1);
  const r = h.resolutions.find((x) => x.id === entry.id)!;
  const scorecard = await currentScorecard(app, who.tenantId);
  const checks = autoChecks({
    ...r,
    surveyScore: survey && typeof survey.score === 'number' ? normaliseSurvey(survey.survey ?? 'csat', survey.score) : null,
  });
  // Scoped refs name the instance the console links to; legacy ones (before instances) have none.
  const ref = entry.ticketRef ? parseRef(entry.ticketRef) : null;
  return {
    id: entry.id,
    seq: entry.seq,
    agentId: entry.agentId,
    agentName: h.users.get(entry.agentId ?? '')?.name ?? null,
    at: new Date(entry.createdAt).toISOString(),
    helpdesk: ref?.helpdesk ?? '',
    instance: ref?.instance ?? null,
    ticketId: ref?.id ?? '',
    payload,
    actions: r.actions,
    attached: attached.map((a) => ({
      kind: a.kind,
      at: a.at,
      data: a.data && Object.fromEntries(Object.entries(a.data).filter(([k]) => k !== 'comment')),
    })),
    checks,
    scorecard,
    prefill: prefill(scorecard.criteria, checks),
    pick: await app.repos.qa.pick(who.tenantId, entry.id),
    review: await app.repos.qa.reviewOf(who.tenantId, entry.id),
  };
}

function checkScores(criteria: Criterion[], scores: Record<string, { score: number; comment: string }>) {
  for (const c of criteria) {
    const s = scores[c.id];
    if (!s) throw new UserError(400, `scores.${c.id}: score "${c.label}" (${SCORE_MIN}–${SCORE_MAX})`);
    if (!Number.isInteger(s.score) || s.score < SCORE_MIN || s.score > SCORE_MAX)
      throw new UserError(400, `scores.${c.id}.score: must be a whole number from ${SCORE_MIN} to ${SCORE_MAX}`);
  }
  const unknown = Object.keys(scores).filter((k) => !criteria.some((c) => c.id === k));
  if (unknown.length) throw new UserError(400, `scores: no criterion ${unknown.join(', ')} on this scorecard`);
}

export async function submitReview(
  app: App,
  who: Principal,
  resolutionId: string,
  body: { scorecardVersion: number; scores: Record<string, { score: number; comment: string }>; comment: string },
) {
  const entry = await app.repos.log.byId(who.tenantId, resolutionId);
  if (!entry || entry.kind !== 'resolution') throw notFound('No such resolution in your tenant');
  const card = await app.repos.qa.scorecard(who.tenantId, body.scorecardVersion);
  if (!card) throw notFound(`No scorecard version ${body.scorecardVersion}`);
  checkScores(card.criteria, body.scores);
  const res = await app.repos.qa.createReview(who.tenantId, {
    resolutionId,
    agentId: entry.agentId ?? 'unknown',
    reviewerId: who.userId,
    scorecardVersion: card.version,
    scores: body.scores,
    quality: qualityScore(card.criteria, Object.fromEntries(Object.entries(body.scores).map(([k, v]) => [k, v.score]))),
    comment: body.comment,
  });
  if (!res.created) throw new UserError(409, 'This resolution was already reviewed; dispute or amend that review instead');
  return res.review;
}

export async function reviewsFor(app: App, who: Principal) {
  const people = await app.repos.qa.users(who.tenantId);
  // Agents: only reviews of their own work.
  const list = await app.repos.qa.reviews(who.tenantId, who.role === 'agent' ? who.userId : undefined);
  return list.map((r) => ({
    ...r,
    agentName: people.get(r.agentId)?.name ?? r.agentId,
    reviewerName: people.get(r.reviewerId)?.name ?? r.reviewerId,
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
  }));
}

export async function openDispute(app: App, who: Principal, reviewId: string, body: { criteria: string[]; reason: string }) {
  const review = await app.repos.qa.review(who.tenantId, reviewId);
  if (!review || review.agentId !== who.userId) throw notFound('No review of your work with that id');
  const unknown = body.criteria.filter((c) => !(c in review.scores));
  if (unknown.length) throw new UserError(400, `criteria: ${unknown.join(', ')} not on this review`);
  // Whether it is still final is decided in the repository's transaction: two at once open one dispute.
  return app.repos.qa.openDispute(who.tenantId, review, who.userId, body.criteria, body.reason);
}

export async function settleDispute(
  app: App,
  who: Principal,
  disputeId: string,
  body: { outcome: 'upheld' | 'amended'; note: string; scores?: Record<string, { score: number; comment: string }> },
) {
  const d = await app.repos.qa.dispute(who.tenantId, disputeId);
  if (!d) throw notFound('No such dispute in your tenant');
  const review = (await app.repos.qa.review(who.tenantId, d.reviewId))!;
  if (review.reviewerId === who.userId) throw forbidden('A second reviewer settles a dispute: not the one who scored it');
  if (d.status !== 'open') throw new UserError(409, `This dispute was already ${d.status}`);
  let amended: { scores: Record<string, { score: number; comment: string }>; quality: number } | undefined;
  if (body.outcome === 'amended') {
    if (!body.scores) throw new UserError(400, 'scores: an amended decision gives the new scores');
    const card = (await app.repos.qa.scorecard(who.tenantId, review.scorecardVersion))!;
    const scores = { ...review.scores, ...body.scores };
    checkScores(card.criteria, scores);
    amended = { scores, quality: qualityScore(card.criteria, Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, v.score]))) };
  }
  const settled = await app.repos.qa.settleDispute(who.tenantId, disputeId, who.userId, body.outcome, body.note, amended);
  if (!settled) throw new UserError(409, 'This dispute was decided meanwhile');
  return settled;
}

export async function disputesFor(app: App, who: Principal) {
  const people = await app.repos.qa.users(who.tenantId);
  const list = await app.repos.qa.disputes(who.tenantId, who.role === 'agent' ? who.userId : undefined);
  const trail = await app.repos.qa.trail(list.map((d) => d.id));
  const name = (id: string | null) => (id ? (people.get(id)?.name ?? id) : null);
  const out = [];
  for (const d of list) {
    const review = await app.repos.qa.review(who.tenantId, d.reviewId);
    out.push({
      ...d,
      agentName: name(d.agentId),
      decidedByName: name(d.decidedBy),
      resolutionId: review?.resolutionId ?? null,
      reviewerId: review?.reviewerId ?? null,
      reviewerName: name(review?.reviewerId ?? null),
      quality: review?.quality ?? null,
      createdAt: new Date(d.createdAt).toISOString(),
      decidedAt: d.decidedAt ? new Date(d.decidedAt).toISOString() : null,
      trail: trail
        .filter((t) => t.disputeId === d.id)
        .map((t) => ({ at: new Date(t.at).toISOString(), kind: t.kind, by: name(t.userId), message: t.message, detail: t.detail })),
    });
  }
  return out;
}

export async function findings(app: App, who: Principal, from: number, to: number) {
  const h = await app.repos.qa.history(who.tenantId, from, to);
  // Reveals are counted in the database, per agent: a year of them is one row each.
  const revealed = await app.repos.reveals.countsByAgent(who.tenantId, from, to);
  const reveals = {
    from,
    to,
    agents: revealed.map((r) => ({
      ...r,
      name: h.users.get(r.agentId)?.name ?? r.agentId,
      team: h.users.get(r.agentId)?.team ?? 'unknown',
    })),
  };
  return detectAll({ ...h, reveals }).map((f) => ({
    ...f,
    agentName: h.users.get(f.agentId)?.name ?? f.agentId,
    evidence:
      f.detector === 'lenient_approver'
        ? { ...f.evidence, approverName: h.users.get(String(f.evidence.approverId))?.name ?? null }
        : f.evidence,
  }));
}

/** A finding becomes a review: its resolutions are queued with the finding as why. */
export async function queueFinding(app: App, who: Principal, body: { from: number; to: number; detector: string; agentId: string }) {
  const f = (await findings(app, who, body.from, body.to)).find((x) => x.detector === body.detector && x.agentId === body.agentId);
  if (!f) throw notFound('That finding is no longer there for this period');
  const h = await app.repos.qa.history(who.tenantId, body.from, body.to);
  const at = new Map(h.resolutions.map((r) => [r.id, r.at]));
  const taken = await app.repos.qa.takenIds(who.tenantId, body.from - 92 * DAY, body.to);
  const picks = f.resolutionIds
    .filter((id) => at.has(id) && !taken.has(id))
    .slice(0, 20)
    .map((id) => ({
      resolutionId: id,
      agentId: f.agentId,
      why: [`finding: ${f.detector.replace('_', ' ')}: ${f.summary}`],
      resolvedAt: at.get(id)!,
    }));
  const id = await app.repos.qa.createQueue(
    who.tenantId,
    {
      name: `Finding: ${f.detector.replace('_', ' ')} (${f.agentName})`,
      rules: { finding: f.detector },
      fromAt: body.from,
      toAt: body.to,
      createdBy: who.userId,
    },
    picks,
  );
  return { id, picks: picks.length, considered: f.resolutionIds.length };
}

export async function calibrationView(app: App, who: Principal, id: string) {
  const c = await app.repos.qa.calibration(who.tenantId, id);
  if (!c) throw notFound('No such calibration session in your tenant');
  const card = (await app.repos.qa.scorecard(who.tenantId, c.scorecardVersion))!;
  const all = await app.repos.qa.calibrationScores(c.id);
  const mine = all.filter((s) => s.auditorId === who.userId);
  // Blind: an auditor sees others' scores only once they scored every resolution themselves.
  const done = c.resolutionIds.every((r) => mine.some((s) => s.resolutionId === r));
  const people = await app.repos.qa.users(who.tenantId);
  return {
    ...c,
    createdAt: new Date(c.createdAt).toISOString(),
    criteria: card.criteria,
    mine: Object.fromEntries(mine.map((s) => [s.resolutionId, s.scores])),
    auditors: [...new Set(all.map((s) => s.auditorId))].map((a) => people.get(a)?.name ?? a),
    report: done
      ? calibrationReport(
          card.criteria.map((x) => x.id),
          all,
        ).map((r) => ({
          ...r,
          diverging: r.diverging.map((d) => ({
            ...d,
            values: d.values.map((v) => ({ ...v, auditorName: people.get(v.auditorId)?.name ?? v.auditorId })),
          })),
        }))
      : null,
  };
}

const weekStart = (week: number) => new Date(week * WEEK).toISOString().slice(0, 10);

/** The dashboard's series: quality per team and agent, exception rate and approval latency, survey against quality, amounts against limits. */
export async function charts(app: App, who: Principal, from: number, to: number) {
  const qa = app.repos.qa;
  const people = await qa.users(who.tenantId);
  const quality = (await qa.qualityByWeek(who.tenantId, from, to)).map((q) => ({
    week: weekStart(q.week),
    team: q.team ?? 'unknown',
    agentId: q.agentId,
    agentName: people.get(q.agentId)?.name ?? q.agentId,
    quality: Math.round(q.quality * 10) / 10,
    reviews: q.n,
  }));
  const grants = await qa.grantsIn(who.tenantId, from, to);
  const byWeek = new Map<number, { grants: number; viaException: number }>();
  for (const g of grants) {
    const w = Math.floor(g.at / WEEK);
    const b = byWeek.get(w) ?? { grants: 0, viaException: 0 };
    b.grants++;
    if (g.viaException) b.viaException++;
    byWeek.set(w, b);
  }
  const lat = new Map<number, number[]>();
  for (const e of await qa.exceptionsIn(who.tenantId, from, to))
    if (e.decidedAt)
      lat.set(Math.floor(e.createdAt / WEEK), [...(lat.get(Math.floor(e.createdAt / WEEK)) ?? []), (e.decidedAt - e.createdAt) / 1000]);
  const weeks = [...new Set([...byWeek.keys(), ...lat.keys()])].sort((a, b) => a - b);
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length ? s[Math.floor((s.length - 1) / 2)]! : null;
  };
  const exceptions = weeks.map((w) => ({
    week: weekStart(w),
    grants: byWeek.get(w)?.grants ?? 0,
    exceptionRate: byWeek.get(w)?.grants ? Math.round((byWeek.get(w)!.viaException / byWeek.get(w)!.grants) * 1000) / 1000 : 0,
    medianApprovalSeconds: median(lat.get(w) ?? []),
  }));
  const reviews = (await qa.reviews(who.tenantId)).filter((r) => r.createdAt >= from && r.createdAt < to);
  const surveys = await qa.surveysOf(
    who.tenantId,
    reviews.map((r) => r.resolutionId),
  );
  const surveyVsQuality = reviews
    .filter((r) => surveys.has(r.resolutionId))
    .map((r) => ({ resolutionId: r.resolutionId, quality: r.quality, survey: Math.round(surveys.get(r.resolutionId)! * 100) }));
  // Amount as a share of its limit, in 5% bins; past 100% only through an exception.
  const bins = Array.from({ length: 21 }, (_, i) => ({ from: i * 5, to: i === 20 ? null : (i + 1) * 5, grants: 0 }));
  for (const g of grants) if (g.limitCents) bins[Math.min(20, Math.floor((g.amountCents / g.limitCents) * 20))]!.grants++;
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    quality,
    exceptions,
    surveyVsQuality,
    amountOverLimit: bins,
  };
}

export async function integrity(app: App, who: Principal, fresh: boolean) {
  const last = await app.repos.qa.lastIntegrity(who.tenantId);
  if (last && !fresh)
    return {
      ok: last.ok,
      entries: last.entries,
      problem: last.problem,
      verifiedAt: new Date(last.at).toISOString(),
      checkedBy: (await app.repos.qa.users(who.tenantId)).get(last.checkedBy)?.name ?? last.checkedBy,
    };
  const report = await app.repos.log.verify(who.tenantId);
  const at = Date.parse(report.verifiedAt);
  await app.repos.qa.recordIntegrity(who.tenantId, {
    ok: report.ok,
    entries: report.entries,
    problem: report.problem?.message ?? null,
    checkedBy: who.userId,
    at,
  });
  return {
    ok: report.ok,
    entries: report.entries,
    problem: report.problem?.message ?? null,
    verifiedAt: report.verifiedAt,
    checkedBy: (await app.repos.qa.users(who.tenantId)).get(who.userId)?.name ?? who.userId,
  };
}
