/**
 * A generated, clean history for tests and the benchmark: agents who grant well inside their
 * limits, get surveyed at a normal rate, rarely see a reopening, spread exceptions across
 * approvers. Tests plant one gaming pattern at a time on top.
 */
import { seededRandom } from './prng';
import { DAY, type QaException, type QaGrant, type QaResolution } from './types';
import { ticketRef } from '../ticket-ref';

export interface GenOptions {
  seed?: number;
  agents?: number;
  resolutionsPerAgent?: number;
  from?: number;
  days?: number;
  approvers?: number;
}

export function generateHistory(o: GenOptions = {}) {
  const rnd = seededRandom(o.seed ?? 1);
  const agents = o.agents ?? 8;
  const per = o.resolutionsPerAgent ?? 60;
  const from = o.from ?? Date.UTC(2026, 0, 5);
  const days = o.days ?? 56;
  const approvers = o.approvers ?? 4;
  const resolutions: QaResolution[] = [];
  const grants: QaGrant[] = [];
  const exceptions: QaException[] = [];
  for (let a = 0; a < agents; a++) {
    const agentId = `agent-${a}`;
    for (let i = 0; i < per; i++) {
      const at = from + Math.floor(rnd() * days * DAY);
      const id = `r-${a}-${i}`;
      const limitCents = 5_000;
      // Clean: amounts spread over the lower part of the allowance (never the top 10%).
      const amountCents = 500 + Math.floor(rnd() * 35) * 100;
      const viaException = rnd() < 0.05;
      grants.push({
        id: `g-${a}-${i}`,
        agentId,
        customerId: `c-${a}-${i}`,
        action: 'refund',
        amountCents: viaException ? 8_000 : amountCents,
        limitCents,
        at,
        viaException,
      });
      if (viaException) {
        const e = exceptions.length;
        exceptions.push({
          id: `e-${a}-${i}`,
          agentId,
          approverId: `approver-${e % approvers}`,
          status: rnd() < 0.8 ? 'approved' : 'denied',
          createdAt: at - 120_000,
          decidedAt: at - 60_000,
        });
      }
      resolutions.push({
        id,
        agentId,
        team: a % 2 ? 'billing' : 'returns',
        at,
        ticketRef: ticketRef('zendesk', null, String(a * 10_000 + i)),
        category: 'billing',
        outcome: 'resolved',
        handleTimeSeconds: 120 + Math.floor(rnd() * 900),
        actions: [
          { action: 'refund', amountCents: viaException ? 8_000 : amountCents, via: viaException ? 'exception' : 'leeway', limitCents },
        ],
        surveyScore: rnd() < 0.4 ? 0.5 + Math.floor(rnd() * 3) * 0.25 : null,
        repeatContactDays: null,
        reopened: rnd() < 0.03,
        agentSince: from - 365 * DAY,
        hasNote: true,
      });
    }
  }
  // A few more exceptions so the lenient-approver detector has a baseline for every agent.
  for (let a = 0; a < agents; a++)
    for (let k = 0; k < 6; k++)
      exceptions.push({
        id: `ex-${a}-${k}`,
        agentId: `agent-${a}`,
        approverId: `approver-${(a + k) % approvers}`,
        status: 'approved',
        createdAt: from + k * DAY,
        decidedAt: from + k * DAY + 90_000,
      });
  return { resolutions, grants, exceptions };
}
