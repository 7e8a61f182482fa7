/**
 * Gaming detectors. Each looks at one pattern over the history and returns findings with
 * the evidence a person needs to judge them; an agent is compared with their peers, so a
 * tenant-wide habit (everyone near limits because limits are tight) is not blamed on one.
 */
import { unusualReveals, type RevealHistory } from './reveal-volume';
import { DAY, dollars, type Finding, type QaException, type QaGrant, type QaResolution } from './types';

export type { DetectorId, Finding } from './types';

export interface DetectorHistory {
  resolutions: readonly QaResolution[];
  grants: readonly QaGrant[];
  exceptions: readonly QaException[];
  /** Reveals of personal fields per agent (reveal-volume.ts); absent, that detector finds nothing. */
  reveals?: RevealHistory;
}

const byAgent = <T extends { agentId: string }>(items: readonly T[]) => {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const list = m.get(it.agentId);
    if (list) list.push(it);
    else m.set(it.agentId, [it]);
  }
  return m;
};
/**
 * Each detector's thresholds. The minimums (grants, resolutions, exceptions per agent) are also
 * what coverage.ts reports as "not enough data": below them a detector judges nobody.
 */
export const BOUNDARY = { band: 0.1, minGrants: 10, minShare: 0.5, overPeers: 2 };
export const CLOSE_REOPEN = { minResolutions: 20, minRate: 0.2, overPeers: 3 };
export const LENIENT = { minExceptions: 8, minShare: 0.8, maxExpected: 0.5 };
export const MISSING_SURVEYS = { minResolutions: 30, minPeerRate: 0.1, underPeers: 0.25 };

const pct = (x: number) => `${Math.round(x * 100)}%`;
const round = (x: number) => Math.round(x * 1000) / 1000;

/** Grants clustered just under their limit (the top 10% of the allowance), far more than peers. */
export function boundaryHugging(h: DetectorHistory, o = BOUNDARY): Finding[] {
  const limited = h.grants.filter((g) => g.limitCents !== null && !g.viaException && g.amountCents <= g.limitCents);
  const near = (g: QaGrant) => g.amountCents >= g.limitCents! * (1 - o.band);
  const out: Finding[] = [];
  // Peers = everyone minus the agent: totals once, not a scan per agent.
  const allNear = limited.filter(near).length;
  for (const [agentId, gs] of byAgent(limited)) {
    if (gs.length < o.minGrants) continue;
    const mineNear = gs.filter(near).length;
    const share = mineNear / gs.length;
    const peers = limited.length - gs.length;
    const peerShare = peers ? (allNear - mineNear) / peers : 0;
    if (share < o.minShare || share < peerShare * o.overPeers) continue;
    const histogram = Array.from(
      { length: 10 },
      (_, i) => gs.filter((g) => Math.min(9, Math.floor((g.amountCents / g.limitCents!) * 10)) === i).length,
    );
    out.push({
      detector: 'boundary_hugging',
      agentId,
      summary: `${pct(share)} of ${gs.length} grants within ${pct(o.band)} under the limit (peers: ${pct(peerShare)})`,
      evidence: { grants: gs.length, nearShare: round(share), peerNearShare: round(peerShare), histogramOfAmountOverLimit: histogram },
      refs: gs.filter(near).map((g) => g.id),
      resolutionIds: [],
    });
  }
  return out;
}

/** Several grants of one action to one customer within a day, each within limit, together over it. */
export function splitting(h: DetectorHistory, o = { windowMs: DAY, minGroups: 1 }): Finding[] {
  const groups = new Map<string, QaGrant[]>();
  for (const g of h.grants) {
    if (g.limitCents === null || g.viaException) continue;
    const k = `${g.agentId}|${g.customerId}|${g.action}`;
    const list = groups.get(k);
    if (list) list.push(g);
    else groups.set(k, [g]);
  }
  const hits = new Map<string, { customerId: string; action: string; amounts: number[]; limitCents: number; ids: string[] }[]>();
  for (const gs of groups.values()) {
    const sorted = [...gs].sort((a, b) => a.at - b.at);
    for (let i = 0; i < sorted.length; ) {
      let j = i;
      while (j + 1 < sorted.length && sorted[j + 1]!.at - sorted[i]!.at <= o.windowMs) j++;
      const run = sorted.slice(i, j + 1);
      const sum = run.reduce((s, g) => s + g.amountCents, 0);
      const limit = Math.min(...run.map((g) => g.limitCents!));
      if (run.length >= 2 && sum > limit) {
        const g0 = run[0]!;
        hits.set(g0.agentId, [
          ...(hits.get(g0.agentId) ?? []),
          {
            customerId: g0.customerId,
            action: g0.action,
            amounts: run.map((g) => g.amountCents),
            limitCents: limit,
            ids: run.map((g) => g.id),
          },
        ]);
      }
      i = j + 1;
    }
  }
  return [...hits]
    .filter(([, s]) => s.length >= o.minGroups)
    .map(([agentId, s]) => ({
      detector: 'splitting' as const,
      agentId,
      summary: `${s.length} time${s.length > 1 ? 's' : ''} split a grant: e.g. ${s[0]!.amounts.map(dollars).join(' + ')} ${s[0]!.action} within a day, over the ${dollars(s[0]!.limitCents)} limit`,
      evidence: { splits: s.map(({ ids: _ids, ...rest }) => rest) },
      refs: s.flatMap((x) => x.ids),
      resolutionIds: [],
    }));
}

/** Tickets closed then reopened far more often than peers': "resolved" to stop a clock. */
export function closeReopen(h: DetectorHistory, o = CLOSE_REOPEN): Finding[] {
  const out: Finding[] = [];
  const allReopened = h.resolutions.filter((r) => r.reopened).length;
  for (const [agentId, rs] of byAgent(h.resolutions)) {
    if (rs.length < o.minResolutions) continue;
    const mine = rs.filter((r) => r.reopened).length;
    const rate = mine / rs.length;
    const peers = h.resolutions.length - rs.length;
    const peerRate = peers ? (allReopened - mine) / peers : 0;
    if (rate < o.minRate || rate < peerRate * o.overPeers) continue;
    out.push({
      detector: 'close_reopen',
      agentId,
      summary: `${pct(rate)} of ${rs.length} resolved tickets reopened (peers: ${pct(peerRate)})`,
      evidence: { resolutions: rs.length, reopened: rs.filter((r) => r.reopened).length, rate: round(rate), peerRate: round(peerRate) },
      refs: rs.filter((r) => r.reopened).map((r) => r.id),
      resolutionIds: [],
    });
  }
  return out;
}

/** An agent's exceptions going to one approver far more than that approver's share of everyone else's. */
export function lenientApprover(h: DetectorHistory, o = LENIENT): Finding[] {
  const decided = h.exceptions.filter((e) => e.approverId !== null && e.status !== 'withdrawn' && e.status !== 'pending');
  const out: Finding[] = [];
  for (const [agentId, es] of byAgent(decided)) {
    if (es.length < o.minExceptions) continue;
    const counts = new Map<string, number>();
    for (const e of es) counts.set(e.approverId!, (counts.get(e.approverId!) ?? 0) + 1);
    const [approverId, n] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    const share = n / es.length;
    const others = decided.filter((e) => e.agentId !== agentId);
    const expected = others.length ? others.filter((e) => e.approverId === approverId).length / others.length : 0;
    if (share < o.minShare || expected > o.maxExpected) continue;
    const mine = es.filter((e) => e.approverId === approverId);
    const approvalRate = mine.filter((e) => e.status !== 'denied').length / mine.length;
    const theirOthers = others.filter((e) => e.approverId === approverId);
    out.push({
      detector: 'lenient_approver',
      agentId,
      summary: `${pct(share)} of ${es.length} exception requests decided by one approver, who decides ${pct(expected)} of everyone else's`,
      evidence: {
        approverId,
        exceptions: es.length,
        share: round(share),
        approverShareOfOthers: round(expected),
        approvalRateForAgent: round(approvalRate),
        approverApprovalRateForOthers: theirOthers.length
          ? round(theirOthers.filter((e) => e.status !== 'denied').length / theirOthers.length)
          : null,
      },
      refs: mine.map((e) => e.id),
      resolutionIds: [],
    });
  }
  return out;
}

/** Survey answers that almost never arrive for one agent while they do for peers (surveys suppressed or steered). */
export function missingSurveys(h: DetectorHistory, o = MISSING_SURVEYS): Finding[] {
  const out: Finding[] = [];
  const allSurveyed = h.resolutions.filter((r) => r.surveyScore !== null).length;
  for (const [agentId, rs] of byAgent(h.resolutions)) {
    if (rs.length < o.minResolutions) continue;
    const mine = rs.filter((r) => r.surveyScore !== null).length;
    const rate = mine / rs.length;
    const peers = h.resolutions.length - rs.length;
    const peerRate = peers ? (allSurveyed - mine) / peers : 0;
    if (peerRate < o.minPeerRate || rate > peerRate * o.underPeers) continue;
    out.push({
      detector: 'missing_surveys',
      agentId,
      summary: `surveys came back for ${pct(rate)} of ${rs.length} resolutions (peers: ${pct(peerRate)})`,
      evidence: {
        resolutions: rs.length,
        surveyed: rs.filter((r) => r.surveyScore !== null).length,
        rate: round(rate),
        peerRate: round(peerRate),
      },
      refs: rs
        .filter((r) => r.surveyScore === null)
        .slice(0, 50)
        .map((r) => r.id),
      resolutionIds: [],
    });
  }
  return out;
}

export const DETECTORS = {
  boundary_hugging: boundaryHugging,
  splitting,
  close_reopen: closeReopen,
  lenient_approver: lenientApprover,
  missing_surveys: missingSurveys,
  unusual_reveals: (h: DetectorHistory) => unusualReveals(h),
} as const;

/** Every detector, with refs mapped to the resolutions that recorded them. */
export function detectAll(h: DetectorHistory): Finding[] {
  const owner = new Map<string, string>();
  for (const x of [...h.grants, ...h.exceptions]) if (x.resolutionId) owner.set(x.id, x.resolutionId);
  for (const r of h.resolutions) owner.set(r.id, r.id);
  return Object.values(DETECTORS)
    .flatMap((d) => d(h))
    .map((f) => ({ ...f, resolutionIds: [...new Set(f.refs.map((id) => owner.get(id)).filter((x): x is string => !!x))] }));
}
