/**
 * An offer an agent may be recommended, as data, per tenant: what it is (a policy action, or a
 * step that costs nothing), how much, for whom, and what it is worth. Whether this agent may grant
 * it right now is never the offer's to say: recommend.ts asks the policy's evaluator every time.
 */
import { z } from 'zod';
import { EVENT_TYPES } from '../schemas/customer-events';
import { TIERS } from '../schemas/tier';

const OfferId = z
  .string({ error: 'is required: a short id, like retention-credit' })
  .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'must be 1–64 lowercase letters, digits, dots, dashes or underscores');
const Cents = (what: string) =>
  z
    .number({ error: `is required: ${what}, in cents` })
    .int('must be a whole number of cents')
    .min(1, 'must be at least one cent')
    .max(2_147_483_647, 'must be at most 2147483647 cents ($21,474,836.47)');
const Days = z.number().int('must be a whole number of days').min(1, 'must be at least 1 day').max(366, 'must be at most 366 days');

/** Steps that grant nothing: the evaluator has no say, but a hard stop still removes them. */
export const OFFER_STEPS = ['update_card', 'escalate', 'call_back'] as const;
export type OfferStep = (typeof OFFER_STEPS)[number];

export const OfferKind = z.discriminatedUnion(
  'type',
  [
    z
      .object({
        type: z.literal('action'),
        /** An action id of the tenant's policy; an id the policy does not know is refused by the evaluator, so never shown. */
        action: z.string({ error: 'is required: an action of your policy, like account_credit' }).min(1, 'is required').max(64),
        /** Sent with the grant: required when the policy's action needs a reason (checkOffers says so). */
        reasonCode: z.string().min(1).max(64).optional(),
      })
      .strict(),
    z.object({ type: z.literal('step'), step: z.enum(OFFER_STEPS, { error: `must be one of: ${OFFER_STEPS.join(', ')}` }) }).strict(),
  ],
  { error: 'type must be action (something the policy grants) or step (update_card, escalate, call_back)' },
);
export type OfferKind = z.infer<typeof OfferKind>;

export const AmountRule = z
  .discriminatedUnion(
    'rule',
    [
      z.object({ rule: z.literal('fixed'), cents: Cents('the amount') }).strict(),
      z
        .object({
          rule: z.literal('percent'),
          /** Of the customer's latest order: no order known, no offer. */
          percent: z.number({ error: 'is required: the percent of the order' }).gt(0, 'must be above 0').max(100, 'must be at most 100'),
          minCents: Cents('the least amount').optional(),
          maxCents: Cents('the most amount').optional(),
        })
        .strict(),
      // Offered at minCents; the agent may go up to maxCents, or to their leeway if that is lower.
      z.object({ rule: z.literal('range'), minCents: Cents('the opening amount'), maxCents: Cents('the most amount') }).strict(),
    ],
    { error: 'rule must be fixed, percent or range' },
  )
  .refine((a) => a.rule === 'fixed' || a.minCents == null || a.maxCents == null || a.minCents <= a.maxCents, {
    message: 'minCents must not be above maxCents',
  });
export type AmountRule = z.infer<typeof AmountRule>;

export const CHURN_LEVELS = ['low', 'medium', 'high'] as const;
export type ChurnLevel = (typeof CHURN_LEVELS)[number];

const EventType = z
  .string()
  .refine(
    (t) => (EVENT_TYPES as string[]).includes(t) || /^custom\.[a-z0-9_]{1,48}$/.test(t),
    `must be an event type: one of ${EVENT_TYPES.join(', ')}, or custom.<name>`,
  );

/** Every condition given must hold; an offer with none is open to every customer. */
export const Eligibility = z
  .object({
    /** Each of these seen at least `atLeast` times within the last `withinDays`. */
    events: z
      .array(z.object({ type: EventType, withinDays: Days, atLeast: z.number().int().min(1).max(1000).default(1) }).strict())
      .max(10, 'must list at most 10 event conditions')
      .optional(),
    churnAtLeast: z.enum(CHURN_LEVELS, { error: `must be one of: ${CHURN_LEVELS.join(', ')}` }).optional(),
    /** Contacts beyond the first in the signals' window: 1 means they wrote twice. */
    repeatContactAtLeast: z.number().int().min(1, 'must be at least 1').max(100).optional(),
    failedPayments: z
      .object({ atLeast: z.number().int().min(1, 'must be at least 1').max(100), withinDays: Days.default(30) })
      .strict()
      .optional(),
    tiers: z
      .array(z.enum(TIERS, { error: `must be one of: ${TIERS.join(', ')}` }))
      .min(1, 'must name at least one tier')
      .optional(),
    /**
     * Consent keys the offer relies on (e.g. marketing). A customer who opted out (false) never
     * sees it; one never asked (no key) does, as signals treat consent.
     */
    consent: z.array(z.string().min(1).max(64)).max(10).optional(),
  })
  .strict();
export type Eligibility = z.infer<typeof Eligibility>;

export const Offer = z
  .object({
    id: OfferId,
    name: z.string({ error: 'is required: the name agents see, like Retention credit' }).trim().min(1, 'is required').max(80),
    kind: OfferKind,
    /** Required for an action, refused for a step (a step has no amount). */
    amount: AmountRule.optional(),
    eligibility: Eligibility.default({}),
    /**
     * What one accepted offer is worth to the business, net of what it costs, in the policy's
     * currency's cents: money, so arbitration compares offers on one scale and QA can sum value delivered.
     */
    businessValueCents: z
      .number({ error: 'is required: what one accepted offer is worth to the business, in cents' })
      .int('must be a whole number of cents')
      .min(0, 'must not be negative')
      .max(1e12),
    /** The admin's thumb on the scale (Pega's business lever): 1 neutral, 2 pushes it twice as hard, 0 parks it. */
    leverWeight: z.number().min(0, 'must not be negative').max(100, 'must be at most 100').default(1),
    /** Cold start: Beta(alpha, beta) before any outcome; alpha / (alpha + beta) is the admin's guess at acceptance. */
    prior: z
      .object({
        alpha: z.number().gt(0, 'must be above 0').max(1000, 'must be at most 1000'),
        beta: z.number().gt(0, 'must be above 0').max(1000, 'must be at most 1000'),
      })
      .strict()
      .default({ alpha: 1, beta: 1 }),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.kind.type === 'action' && !o.amount)
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'is required for an action: fixed, percent or range' });
    if (o.kind.type === 'step' && o.amount)
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'must be left out for a step: a step grants no money' });
  });
export type Offer = z.infer<typeof Offer>;
export type OfferInput = z.input<typeof Offer>;

/** A tenant's offers: ids unique, so outcomes and stats name one offer each. */
export const OfferList = z
  .array(Offer)
  .max(500, 'must hold at most 500 offers')
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((o, i) => {
      if (seen.has(o.id))
        ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `“${o.id}” is used by another offer: ids must be unique` });
      seen.add(o.id);
    });
  });
