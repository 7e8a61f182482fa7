/**
 * How much each gaming detector had to judge. A detector with no finding may have been clean,
 * or may have had too little to judge anyone (every agent under its minimum): the console says
 * "not enough data" for the second, never "clean". The minimums are the detectors' own.
 */
import { BOUNDARY, CLOSE_REOPEN, LENIENT, MISSING_SURVEYS, type DetectorHistory } from './detectors';
import { REVEAL_VOLUME } from './reveal-volume';
import type { DetectorId } from './types';

export interface DetectorCoverage {
  detector: DetectorId;
  /** Agents with enough of the history for the detector to judge them. */
  agentsChecked: number;
  /** What it needs before it judges an agent, in words. */
  needs: string;
}

/** Agents with at least `min` of `items`. */
function agentsWith(items: readonly { agentId: string }[], min: number): number {
  const n = new Map<string, number>();
  for (const x of items) n.set(x.agentId, (n.get(x.agentId) ?? 0) + 1);
  return [...n.values()].filter((k) => k >= min).length;
}

export function detectorCoverage(h: DetectorHistory): DetectorCoverage[] {
  // What boundary hugging looks at: grants within leeway, at or under their limit.
  const limited = h.grants.filter((g) => g.limitCents !== null && !g.viaException && g.amountCents <= g.limitCents);
  const decided = h.exceptions.filter((e) => e.approverId !== null && e.status !== 'withdrawn' && e.status !== 'pending');
  const revealers = h.reveals?.agents ?? [];
  const compared = REVEAL_VOLUME.minPeers + 1;
  return [
    {
      detector: 'boundary_hugging',
      agentsChecked: agentsWith(limited, BOUNDARY.minGrants),
      needs: `at least ${BOUNDARY.minGrants} grants under a limit by one agent`,
    },
    {
      detector: 'splitting',
      agentsChecked: agentsWith(
        h.grants.filter((g) => g.limitCents !== null && !g.viaException),
        2,
      ),
      needs: 'at least 2 grants under a limit by one agent',
    },
    {
      detector: 'close_reopen',
      agentsChecked: agentsWith(h.resolutions, CLOSE_REOPEN.minResolutions),
      needs: `at least ${CLOSE_REOPEN.minResolutions} resolutions by one agent`,
    },
    {
      detector: 'lenient_approver',
      agentsChecked: agentsWith(decided, LENIENT.minExceptions),
      needs: `at least ${LENIENT.minExceptions} decided exception requests by one agent`,
    },
    {
      detector: 'missing_surveys',
      agentsChecked: agentsWith(h.resolutions, MISSING_SURVEYS.minResolutions),
      needs: `at least ${MISSING_SURVEYS.minResolutions} resolutions by one agent`,
    },
    {
      detector: 'unusual_reveals',
      // Judged against peers: with fewer agents who revealed than that, nobody can be compared.
      agentsChecked: revealers.length >= compared ? revealers.length : 0,
      needs: `reveals by at least ${compared} agents, to compare them`,
    },
  ];
}
