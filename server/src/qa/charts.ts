import { detectorCoverage } from '@shared/qa/coverage';
import { WEEK } from '@shared/qa/types';
import { detectorInput } from './findings';
import type { Principal } from '../plugins/app/auth';
import type { FastifyInstance as App } from 'fastify';

/** The dashboard's series and the log's integrity check. */
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
    detectors: detectorCoverage(await detectorInput(app, who, from, to)),
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
