/** What /v1/policy answers beyond the versions themselves: a diff between two, a draft replayed, and the decision both carry. */
import { z } from 'zod';

export const BudgetsLeftView = z.object({
  agentDailyCents: z.number().nullable(),
  teamDailyCents: z.number().nullable(),
  customerCap: z.object({ capId: z.string(), amountCents: z.number().nullable(), count: z.number().nullable() }).nullable(),
});

/** The policy's answer to one grant (shared/policy/types.ts Decision), as served. */
export const DecisionView = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('allowed'), reason: z.string(), budgets: BudgetsLeftView }),
  z.object({
    outcome: z.literal('needs_approval'),
    level: z.string(),
    levelName: z.string(),
    ruleId: z.string().nullable(),
    reason: z.string(),
    budgets: BudgetsLeftView,
  }),
  z.object({ outcome: z.literal('forbidden'), ruleId: z.string().nullable(), reason: z.string(), budgets: BudgetsLeftView }),
]);
export type DecisionView = z.infer<typeof DecisionView>;

export const PolicyChangeView = z.object({
  collection: z.string(),
  id: z.string(),
  kind: z.enum(['added', 'removed', 'changed']),
  fields: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })).optional(),
});

export const PolicyDiff = z.object({ from: z.number().int(), to: z.number().int(), changes: z.array(PolicyChangeView) });
export type PolicyDiff = z.infer<typeof PolicyDiff>;

/** A draft replayed against logged grants: counts per outcome, and the first grants it would not have allowed alone. */
export const WhatIfReply = z.object({
  total: z.number().int(),
  allowed: z.number().int(),
  needs_approval: z.number().int(),
  forbidden: z.number().int(),
  notAllowed: z.array(z.object({ grantId: z.string(), decision: DecisionView })),
});
export type WhatIfReply = z.infer<typeof WhatIfReply>;
