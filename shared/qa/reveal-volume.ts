/**
 * Unusual reveal volume: an agent who saw far more personal fields in full than their peers in
 * the same period. The hourly limit stops a fast walk through customers; this finds the slow
 * one (a few dozen an hour, every hour) and the agent who browses beyond their tickets.
 */
import { DAY, type Finding } from './types';

/** One agent's reveals in the period, as the audit log counts them (pii.reveal entries). */
export interface AgentReveals {
  agentId: string;
  name: string;
  team: string;
  reveals: number;
  /** Distinct customers revealed. */
  customers: number;
}

export interface RevealHistory {
  from: number;
  to: number;
  /** Agents who revealed at least once in [from, to). */
  agents: readonly AgentReveals[];
}

export interface RevealVolumeOptions {
  /** Below this many reveals in the period nothing is flagged, however quiet the peers. */
  minReveals: number;
  /** How many times the peers' median counts as far above it. */
  overMedian: number;
  /** Fewer team-mates who revealed than this, and the agent is compared with everyone in the tenant. */
  minPeers: number;
}

export const REVEAL_VOLUME: RevealVolumeOptions = { minReveals: 30, overMedian: 5, minPeers: 2 };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** "in a week", "in 8 weeks", "in 10 days": the period as a person says it. */
export function spanWords(from: number, to: number): string {
  const days = Math.max(1, Math.round((to - from) / DAY));
  if (days === 1) return 'in a day';
  if (days === 7) return 'in a week';
  if (days % 7 === 0) return `in ${days / 7} weeks`;
  return `in ${days} days`;
}

/** 9×, 12×, 5.5×: one decimal only where it tells something. */
const times = (x: number) => `${x >= 10 ? Math.round(x) : Math.round(x * 10) / 10}×`;

export function unusualReveals(h: { reveals?: RevealHistory }, options: Partial<RevealVolumeOptions> = {}): Finding[] {
  const o = { ...REVEAL_VOLUME, ...options };
  const agents = h.reveals?.agents ?? [];
  const out: Finding[] = [];
  for (const a of agents) {
    if (a.reveals < o.minReveals) continue;
    // Team-mates first (the same work, the same need to know); a team too small to compare with falls back to the tenant.
    const team = agents.filter((p) => p.agentId !== a.agentId && p.team === a.team);
    const [peers, group] =
      team.length >= o.minPeers ? [team, "the team's"] : [agents.filter((p) => p.agentId !== a.agentId), "everyone else's"];
    if (peers.length < o.minPeers) continue;
    const m = median(peers.map((p) => p.reveals));
    // A median of 0 cannot happen (peers revealed at least once); 1 keeps the ratio finite if it ever did.
    const ratio = a.reveals / Math.max(1, m);
    if (ratio < o.overMedian) continue;
    out.push({
      detector: 'unusual_reveals',
      agentId: a.agentId,
      summary: `${a.name} revealed ${a.reveals} personal fields ${spanWords(h.reveals!.from, h.reveals!.to)} (${a.customers} customer${a.customers === 1 ? '' : 's'}), ${times(ratio)} ${group} median of ${m}`,
      evidence: {
        reveals: a.reveals,
        customers: a.customers,
        peerMedian: m,
        peers: peers.length,
        comparedWith: team.length >= o.minPeers ? 'team' : 'tenant',
        team: a.team,
        // Where to read them: the audit log, filtered to this agent's reveals in the period.
        auditFilter: {
          action: 'pii.reveal',
          actorId: a.agentId,
          from: new Date(h.reveals!.from).toISOString(),
          to: new Date(h.reveals!.to).toISOString(),
        },
      },
      refs: [],
      resolutionIds: [],
    });
  }
  return out;
}
