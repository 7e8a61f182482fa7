import type { QaApproval } from '@shared/qa/types';
import type { FastifyInstance as App } from 'fastify';

/** An action as the resolution record stores it: the grant it cites and, through an exception, which one. */
interface RecordedAction {
  grantId?: string;
  exceptionId?: string | null;
}

/**
 * For each recorded action, who approved it through Leeway's escalation and at which level;
 * null for actions not through an exception. Only a decision the product recorded counts: the
 * request approved (or counter-offered) by someone other than the agent, whose decision made
 * exactly the grant the action cites. The decider's authority was checked when they decided
 * (at or above the request's level, in its team), so the record itself is the proof.
 */
export async function approvalsOf(
  app: App,
  tenantId: string,
  agentId: string | null,
  payloadActions: unknown,
): Promise<(QaApproval | null)[]> {
  const actions = Array.isArray(payloadActions) ? (payloadActions as RecordedAction[]) : [];
  const out: (QaApproval | null)[] = [];
  for (const a of actions) {
    const ex = a?.exceptionId && a.grantId ? await app.repos.exceptions.view(tenantId, a.exceptionId) : null;
    const by = ex && (ex.status === 'approved' || ex.status === 'countered') && ex.grantId === a.grantId ? ex.decidedBy : null;
    out.push(ex && by && by.id !== agentId ? { by: by.name, level: ex.levelName } : null);
  }
  return out;
}
