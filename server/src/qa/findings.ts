import { detectAll } from '@shared/qa/detectors';
import { DAY } from '@shared/qa/types';
import { notFound } from '../errors';
import type { Principal } from '../plugins/app/auth';
import type { FastifyInstance as App } from 'fastify';

/** What the detectors read over a period: the history, and reveals counted per agent. */
export async function detectorInput(app: App, who: Principal, from: number, to: number) {
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
  return { ...h, reveals };
}

/** The detectors' findings over a period, and queuing one for review. */
export async function findings(app: App, who: Principal, from: number, to: number) {
  const h = await detectorInput(app, who, from, to);
  return detectAll(h).map((f) => ({
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
