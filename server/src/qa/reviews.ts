import { qualityScore, SCORE_MAX, SCORE_MIN, type Criterion } from '@shared/qa/scorecard';
import { UserError, forbidden, notFound } from '../errors';
import type { Principal } from '../plugins/app/auth';
import type { FastifyInstance as App } from 'fastify';

type Scores = Record<string, { score: number; comment: string }>;

/** Reviews and their disputes: scored against the scorecard, disputed by the agent, settled by a second reviewer. */
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
  if (entry?.kind !== 'resolution') throw notFound('No such resolution in your tenant');
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

/** The disputed criteria's scores before any amendment: from the amendment's record when there was one, else the review as it stands. */
function originalScores(criteria: string[], current: Scores, steps: { kind: string; detail: unknown }[]): Scores {
  const amended = steps.find((t) => t.kind === 'amended')?.detail as { before?: { scores?: Scores } } | undefined;
  const before = amended?.before?.scores ?? current;
  return Object.fromEntries(criteria.filter((c) => before[c]).map((c) => [c, before[c]!]));
}

export async function disputesFor(app: App, who: Principal) {
  const people = await app.repos.qa.users(who.tenantId);
  const list = await app.repos.qa.disputes(who.tenantId, who.role === 'agent' ? who.userId : undefined);
  const trail = await app.repos.qa.trail(list.map((d) => d.id));
  const name = (id: string | null) => (id ? (people.get(id)?.name ?? id) : null);
  const cards = new Map<number, Criterion[]>();
  const out = [];
  for (const d of list) {
    const review = await app.repos.qa.review(who.tenantId, d.reviewId);
    const steps = trail.filter((t) => t.disputeId === d.id);
    const version = review?.scorecardVersion ?? 0;
    if (review && !cards.has(version)) cards.set(version, (await app.repos.qa.scorecard(who.tenantId, version))?.criteria ?? []);
    const label = (c: string) => cards.get(version)?.find((x) => x.id === c)?.label ?? c.replace(/_/g, ' ');
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
      trail: steps.map((t) => ({
        at: new Date(t.at).toISOString(),
        kind: t.kind,
        by: name(t.userId),
        message: t.message,
        detail: t.detail,
      })),
      original: originalScores(d.criteria, review?.scores ?? {}, steps),
      labels: Object.fromEntries(d.criteria.map((c) => [c, label(c)])),
    });
  }
  return out;
}
