import { describe, expect, it } from 'vitest';
import { boundaryHugging, closeReopen, detectAll, lenientApprover, missingSurveys, splitting } from './detectors';
import { generateHistory } from './generate';
import { DAY } from './types';

const clean = () => generateHistory({ seed: 11 });

describe('gaming detectors', () => {
  it('a clean history gives no finding', () => {
    for (const seed of [1, 2, 3, 11, 42]) expect(detectAll(generateHistory({ seed }))).toEqual([]);
  });

  it('boundary hugging: grants clustered just under the limit', () => {
    const h = clean();
    for (const g of h.grants.filter((g) => g.agentId === 'agent-3' && !g.viaException)) g.amountCents = 4_700 + (g.amountCents % 300);
    const found = boundaryHugging(h);
    expect(found.map((f) => f.agentId)).toEqual(['agent-3']);
    expect(found[0]!.evidence).toMatchObject({ nearShare: 1 });
    expect((found[0]!.evidence.histogramOfAmountOverLimit as number[])[9]).toBeGreaterThan(40);
  });

  it('splitting: several small grants where one would exceed the limit', () => {
    const h = clean();
    const t = Date.UTC(2026, 0, 20);
    h.grants.push(
      {
        id: 's1',
        agentId: 'agent-5',
        customerId: 'cust-x',
        action: 'refund',
        amountCents: 3_000,
        limitCents: 5_000,
        at: t,
        viaException: false,
      },
      {
        id: 's2',
        agentId: 'agent-5',
        customerId: 'cust-x',
        action: 'refund',
        amountCents: 3_000,
        limitCents: 5_000,
        at: t + 3_600_000,
        viaException: false,
      },
      // Same customer, but days apart: not a split.
      {
        id: 's3',
        agentId: 'agent-6',
        customerId: 'cust-y',
        action: 'refund',
        amountCents: 3_000,
        limitCents: 5_000,
        at: t,
        viaException: false,
      },
      {
        id: 's4',
        agentId: 'agent-6',
        customerId: 'cust-y',
        action: 'refund',
        amountCents: 3_000,
        limitCents: 5_000,
        at: t + 3 * DAY,
        viaException: false,
      },
    );
    const found = splitting(h);
    expect(found.map((f) => f.agentId)).toEqual(['agent-5']);
    expect(found[0]!.refs).toEqual(['s1', 's2']);
    expect(found[0]!.summary).toBe('1 time split a grant: e.g. $30 + $30 refund within a day, over the $50 limit');
  });

  it('closing then reopening tickets', () => {
    const h = clean();
    h.resolutions.filter((r) => r.agentId === 'agent-2').forEach((r, i) => (r.reopened = i % 3 === 0));
    expect(closeReopen(h).map((f) => f.agentId)).toEqual(['agent-2']);
  });

  it('exception requests timed to one lenient approver', () => {
    const h = clean();
    // Agent 1 raises requests only when approver 3 is on duty: most of theirs land there.
    h.exceptions.filter((e) => e.agentId === 'agent-1').forEach((e, i) => (e.approverId = i % 5 === 0 ? 'approver-0' : 'approver-3'));
    for (let k = 0; k < 12; k++)
      h.exceptions.push({
        id: `lx-${k}`,
        agentId: 'agent-1',
        approverId: 'approver-3',
        status: 'approved',
        createdAt: Date.UTC(2026, 0, 10) + k * DAY,
        decidedAt: Date.UTC(2026, 0, 10) + k * DAY + 30_000,
      });
    const found = lenientApprover(h);
    expect(found.map((f) => f.agentId)).toEqual(['agent-1']);
    expect(found[0]!.evidence).toMatchObject({ approverId: 'approver-3' });
  });

  it('survey scores that never arrive for one agent', () => {
    const h = clean();
    h.resolutions.filter((r) => r.agentId === 'agent-4').forEach((r) => (r.surveyScore = null));
    const found = missingSurveys(h);
    expect(found.map((f) => f.agentId)).toEqual(['agent-4']);
    expect(found[0]!.evidence).toMatchObject({ rate: 0 });
  });

  it('finds every planted pattern together, each once, and nothing for the clean agents', () => {
    const h = clean();
    for (const g of h.grants.filter((g) => g.agentId === 'agent-3' && !g.viaException)) g.amountCents = 4_800;
    h.resolutions.filter((r) => r.agentId === 'agent-2').forEach((r, i) => (r.reopened = i % 2 === 0));
    h.resolutions.filter((r) => r.agentId === 'agent-4').forEach((r) => (r.surveyScore = null));
    const found = detectAll(h)
      .map((f) => `${f.detector}:${f.agentId}`)
      .sort();
    expect(found).toEqual(['boundary_hugging:agent-3', 'close_reopen:agent-2', 'missing_surveys:agent-4']);
  });
});
