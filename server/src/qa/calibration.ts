import { calibrationReport } from '@shared/qa/agreement';
import { notFound } from '../errors';
import type { Principal } from '../plugins/app/auth';
import type { FastifyInstance as App } from 'fastify';

/** A calibration session as one auditor sees it: blind until they scored every resolution. */
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
