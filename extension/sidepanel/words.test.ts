import { describe, expect, it } from 'vitest';
import type { ExceptionView } from '@shared/schemas/exceptions';
import { agentRecord, ago, duration, outcome, receivedWords, timeLeft } from './words';

const at = Date.parse('2026-12-04T12:00:00Z');
const iso = (offsetMs: number) => new Date(at + offsetMs).toISOString();
const recent = (over: Partial<ExceptionView['agentRecent']> = {}) => ({
  agent: { id: 'a', name: 'Alex Agent' },
  agentRecent: { requested: 0, approved: 0, countered: 0, denied: 0, pending: 0, withdrawn: 0, ...over },
});

describe('side panel words', () => {
  it('labels the SLA as time left, ticking by the second while it is short, and says when it is overdue', () => {
    expect(timeLeft(iso(14 * 60_000 + 30_000), at)).toBe('14 min left');
    expect(timeLeft(iso(105_000), at)).toBe('1 min 45 s left');
    expect(timeLeft(iso(104_000), at)).toBe('1 min 44 s left');
    expect(timeLeft(iso(45_000), at)).toBe('45 s left');
    expect(timeLeft(iso(-130_000), at)).toBe('2 min 10 s overdue');
    expect(duration(3_900_000)).toBe('1 h 5 min');
    expect(duration(3 * 86_400_000)).toBe('3 d');
  });

  it('says how long ago, in words', () => {
    expect(ago(iso(-20_000), at)).toBe('just now');
    expect(ago(iso(-61_000), at)).toBe('1 min ago');
    expect(ago(iso(-45 * 60_000), at)).toBe('45 min ago');
    expect(ago(iso(-(2 * 3_600_000 + 5 * 60_000)), at)).toBe('2 h 5 min ago');
  });

  it('sums what a customer received, or says nothing', () => {
    expect(receivedWords({ count: 1, amountCents: 4_000 }, 'USD')).toBe('$40 in 1 grant');
    expect(receivedWords({ count: 3, amountCents: 12_050 }, 'USD')).toBe('$120.50 in 3 grants');
    expect(receivedWords({ count: 0, amountCents: 0 }, 'USD')).toBe('nothing');
  });

  it("tells the agent's record without calling a withdrawal a request or a counter-offer an approval", () => {
    expect(agentRecord(recent({ requested: 3, approved: 1, countered: 1, denied: 1, withdrawn: 2 }))).toBe(
      'Alex Agent asked 3 times before in 30 days: 1 approved, 1 counter-offer, 1 denied. 2 withdrawn requests not counted.',
    );
    expect(agentRecord(recent({ withdrawn: 1 }))).toBe('First request from Alex Agent in 30 days. 1 withdrawn request not counted.');
    expect(agentRecord(recent({ requested: 1, pending: 1 }))).toBe('Alex Agent asked 1 time before in 30 days: 1 still waiting.');
  });

  it('says what became of a request, with who and when', () => {
    const e = {
      status: 'countered',
      currency: 'USD',
      levelName: 'Team lead',
      decidedBy: { id: 'l', name: 'Lee Lead' },
      decidedAt: iso(-3 * 60_000),
      counter: { action: 'refund', amountCents: 12_000 },
    } as ExceptionView;
    expect(outcome(e, at)).toBe('Counter-offer of $120 by Lee Lead, 3 min ago');
    expect(outcome({ ...e, status: 'withdrawn', decidedBy: null }, at)).toBe('Withdrawn by the agent, 3 min ago');
    expect(outcome({ ...e, status: 'pending', levelName: 'Manager', decidedAt: null }, at)).toBe('Now waiting for a manager');
  });
});
