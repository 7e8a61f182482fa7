import { buildQueue, SamplingRules } from '@shared/qa/sampling';
import { DEFAULT_SCORECARD } from '@shared/qa/scorecard';
import { DAY } from '@shared/qa/types';
import { UserError, forbidden, notFound } from '../errors';
import type { Principal } from '../plugins/app/auth';
import type { FastifyInstance as App } from 'fastify';

const DEFAULT_SEED = SamplingRules.parse({}).seed;

/** Scorecards and review queues: the current scorecard, a queue built from the history, a queue as the console shows it. */
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
  // The seed decides the random share: an auditor who chose it could steer which work gets reviewed.
  // (The body's schema fills in the default seed, so "chose one" is "sent another than the default".)
  if (body.rules.seed !== undefined && body.rules.seed !== DEFAULT_SEED && who.role !== 'admin')
    throw forbidden('Only an admin chooses the sampling seed: leave it out and the queue is sampled as usual');
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
