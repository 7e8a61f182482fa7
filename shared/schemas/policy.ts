import { z } from 'zod';
import { AmountCents, Currency, IsoDateTime } from './common';
import { Tier } from './tier';

/**
 * An empowerment policy, as data. Rules carry ids so every error, decision and diff can
 * name the rule it is about. Structural checks (unknown actions, overlaps, cycles) live in
 * shared/policy/validate.ts, beside the evaluator that relies on them.
 */
const RuleId = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'must be 1–64 lowercase letters, digits, dots, dashes or underscores');
const AgentLevels = z.array(z.number().int().min(1).max(10)).min(1).optional();

export const EscalationLevel = z.object({
  id: RuleId,
  name: z.string().min(1).max(80),
  /** The level an unanswered request moves up to; null at the top. */
  next: RuleId.nullable(),
  /** How long this level has to answer before the request moves up. */
  slaSeconds: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .default(120),
});

export const ActionDef = z.object({
  id: RuleId,
  label: z.string().min(1).max(80),
  /** Reason codes an agent picks from; when `reasonRequired`, a grant without one is refused. */
  reasonCodes: z.array(z.string().min(1).max(64)).default([]),
  reasonRequired: z.boolean().default(false),
});

export const Limit = z.object({
  id: RuleId,
  action: RuleId,
  /** Omitted: every agent level. */
  agentLevels: AgentLevels,
  /** Omitted: every tier. */
  tiers: z.array(Tier).min(1).optional(),
  maxAmountCents: AmountCents,
  liftedBy: RuleId,
});

export const CustomerCap = z.object({
  id: RuleId,
  action: RuleId,
  windowDays: z.number().int().min(1).max(366),
  maxAmountCents: AmountCents.optional(),
  maxCount: z.number().int().min(0).max(1000).optional(),
  liftedBy: RuleId,
});

export const AgentBudget = z.object({ id: RuleId, agentLevels: AgentLevels, dailyAmountCents: AmountCents, liftedBy: RuleId });
export const TeamBudget = z.object({
  id: RuleId,
  team: z.string().min(1).max(64).optional(),
  dailyAmountCents: AmountCents,
  liftedBy: RuleId,
});

export const HardStop = z.object({
  id: RuleId,
  /** A customer flag, e.g. fraud, chargeback_open, account_closed. */
  flag: z.string().min(1).max(64),
  /** Omitted: every action. */
  actions: z.array(RuleId).min(1).optional(),
  message: z.string().min(1).max(200),
});

/**
 * The escalation matrix: which level decides an exception for an action, amount band and
 * tier, and how fast. The level asked is the higher of this and what the policy's rule names.
 */
export const EscalationRule = z.object({
  id: RuleId,
  /** Omitted: every action. */
  action: RuleId.optional(),
  /** The band [minAmountCents, maxAmountCents); either end may be open. */
  minAmountCents: AmountCents.optional(),
  maxAmountCents: AmountCents.optional(),
  tiers: z.array(Tier).min(1).optional(),
  level: RuleId,
  /** Overrides the level's own SLA for this band. */
  slaSeconds: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .optional(),
});

export const PolicyDocument = z
  .object({
    currency: Currency.default('USD'),
    levels: z.array(EscalationLevel).min(1, 'must name at least one escalation level'),
    actions: z.array(ActionDef).min(1, 'must declare at least one action'),
    limits: z.array(Limit).default([]),
    customerCaps: z.array(CustomerCap).default([]),
    agentBudgets: z.array(AgentBudget).default([]),
    teamBudgets: z.array(TeamBudget).default([]),
    hardStops: z.array(HardStop).default([]),
    escalation: z.array(EscalationRule).default([]),
    /**
     * The shortest retention of the resolution log's contents the tenant allows (days, at least the
     * global 30): the retention setting cannot go below it, and pruning and verification go by it.
     * Absent: the global floor alone.
     */
    logRetentionMinDays: z
      .number()
      .int()
      .min(30, 'must be at least 30 days, the shortest retention Leeway allows')
      .max(3650, 'must be at most 3650 days (10 years)')
      .optional(),
  })
  .strict();
export type PolicyDocument = z.infer<typeof PolicyDocument>;
export type PolicyInput = z.input<typeof PolicyDocument>;

export const NewPolicyVersion = z
  .object({ document: PolicyDocument, effectiveFrom: IsoDateTime.optional(), note: z.string().max(500).optional() })
  .strict();

export const PolicyVersion = z.object({
  version: z.number().int(),
  effectiveFrom: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  note: z.string().nullable(),
  document: PolicyDocument,
});
export type PolicyVersion = z.infer<typeof PolicyVersion>;

/** The built-in actions every demo policy starts from; admins add their own. */
export const STANDARD_ACTIONS = [
  'refund',
  'account_credit',
  'discount',
  'fee_waiver',
  'free_replacement',
  'expedited_shipping',
  'goodwill_gesture',
] as const;
