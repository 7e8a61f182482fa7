import { describe, expect, it } from 'vitest';
import { detectAll } from './detectors';
import { generateHistory } from './generate';
import { spanWords, unusualReveals, type AgentReveals } from './reveal-volume';
import { DAY } from './types';

const from = Date.UTC(2026, 2, 2);
const week = { from, to: from + 7 * DAY };
const agent = (n: number, reveals: number, team = 'billing', customers = Math.ceil(reveals / 2)): AgentReveals => ({
  agentId: `agent-${n}`,
  name: `Agent ${n}`,
  team,
  reveals,
  customers,
});

describe('unusual reveal volume', () => {
  it("flags the agent far above their team's median, and says so in words", () => {
    const agents = [agent(1, 12), agent(2, 15), agent(3, 18), agent(4, 140, 'billing', 97), agent(5, 16)];
    const found = unusualReveals({ reveals: { ...week, agents } });
    expect(found.map((f) => f.agentId)).toEqual(['agent-4']);
    // Peers 12, 15, 16, 18: median 15.5; 140 / 15.5 = 9.03.
    expect(found[0]!.summary).toBe("Agent 4 revealed 140 personal fields in a week (97 customers), 9× the team's median of 15.5");
    expect(found[0]!.evidence).toMatchObject({
      reveals: 140,
      customers: 97,
      peerMedian: 15.5,
      peers: 4,
      comparedWith: 'team',
      auditFilter: { action: 'pii.reveal', actorId: 'agent-4' },
    });
  });

  it('a team that reveals a lot together is not blamed on one of them; peers are the same team', () => {
    // Returns reveals ten times what billing does, all of them alike: nobody stands out in their own team.
    const agents = [agent(1, 10), agent(2, 12), agent(3, 11), agent(4, 110, 'returns'), agent(5, 120, 'returns'), agent(6, 100, 'returns')];
    expect(unusualReveals({ reveals: { ...week, agents } })).toEqual([]);
  });

  it('below the floor nothing is flagged, however quiet the peers', () => {
    const agents = [agent(1, 1), agent(2, 1), agent(3, 25)];
    expect(unusualReveals({ reveals: { ...week, agents } })).toEqual([]);
    expect(unusualReveals({ reveals: { ...week, agents: [agent(1, 1), agent(2, 1), agent(3, 30)] } }).map((f) => f.agentId)).toEqual([
      'agent-3',
    ]);
  });

  it('an agent without enough team-mates is compared with everyone else; alone, with nobody', () => {
    const agents = [agent(1, 8, 'billing'), agent(2, 9, 'returns'), agent(3, 10, 'returns'), agent(4, 200, 'vip')];
    const [f] = unusualReveals({ reveals: { from, to: from + 56 * DAY, agents } });
    expect(f!.summary).toBe("Agent 4 revealed 200 personal fields in 8 weeks (100 customers), 22× everyone else's median of 9");
    expect(f!.evidence).toMatchObject({ comparedWith: 'tenant', peers: 3 });
    expect(unusualReveals({ reveals: { ...week, agents: [agent(4, 200)] } })).toEqual([]);
  });

  it('runs with the other detectors, and a history without reveals finds nothing', () => {
    const h = generateHistory({ seed: 11 });
    expect(detectAll(h)).toEqual([]);
    const found = detectAll({ ...h, reveals: { ...week, agents: [agent(1, 10), agent(2, 12), agent(3, 90)] } });
    expect(found.map((f) => `${f.detector}:${f.agentId}`)).toEqual(['unusual_reveals:agent-3']);
    expect(found[0]!.resolutionIds).toEqual([]);
  });

  it('names the period as a person would', () => {
    expect([1, 7, 14, 10, 365].map((d) => spanWords(from, from + d * DAY))).toEqual([
      'in a day',
      'in a week',
      'in 2 weeks',
      'in 10 days',
      'in 365 days',
    ]);
  });
});
