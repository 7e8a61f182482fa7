/**
 * Review queues by sampling. Each rule is a small function over the history that returns
 * its picks with why; buildQueue merges them (one pick per resolution, every reason kept),
 * leaves out what was already reviewed or queued, and tops up agents below their weekly
 * minimum. Deterministic for a seed and a history in the same order.
 */
import { z } from 'zod';
import { seededRandom, shuffled } from './prng';
import { dollars, WEEK, type QaResolution } from './types';

export const SamplingRules = z
  .object({
    seed: z.union([z.string().min(1).max(64), z.number().int()]).default('leeway'),
    /** Share of all resolutions picked at random, 0..1. */
    randomShare: z.number().min(0).max(1).default(0.05),
    /** Every agent gets at least this many picks per week they worked. */
    perAgentWeeklyMin: z.number().int().min(0).max(100).default(2),
    exceptions: z.boolean().default(true),
    /** Survey score (normalised 0..1) strictly below which a resolution is picked; null: off. */
    lowSurveyBelow: z.number().min(0).max(1).nullable().default(0.5),
    /** A repeat contact within this many days after "resolved"; null: off. */
    repeatContactDays: z.number().min(0).max(90).nullable().default(7),
    /** An amount within this percentage below its limit; null: off. */
    nearLimitPct: z.number().min(0).max(100).nullable().default(10),
    /** Handle time above this many seconds; null: off. */
    longHandleSeconds: z.number().int().min(0).nullable().default(1800),
    /** Resolutions of agents in their first N weeks; null: off. */
    newAgentWeeks: z.number().int().min(0).max(52).nullable().default(4),
  })
  .strict();
export type SamplingRules = z.infer<typeof SamplingRules>;

export interface QueuePick {
  resolutionId: string;
  agentId: string;
  /** Every rule that picked it, in words. */
  why: string[];
}

type Rule = (history: readonly QaResolution[], rules: SamplingRules, rnd: () => number) => { r: QaResolution; why: string }[];

export const randomShare: Rule = (h, rules, rnd) =>
  h.filter(() => rnd() < rules.randomShare).map((r) => ({ r, why: `random ${Math.round(rules.randomShare * 1000) / 10}% sample` }));

export const exceptionsRule: Rule = (h, rules) =>
  !rules.exceptions
    ? []
    : h.flatMap((r) => {
        const ex = r.actions.filter((a) => a.via === 'exception');
        return ex.length
          ? [{ r, why: `exception: ${ex.map((a) => `${a.action} ${dollars(a.amountCents)}`).join(', ')} beyond leeway` }]
          : [];
      });

export const lowSurvey: Rule = (h, { lowSurveyBelow: t }) =>
  t === null
    ? []
    : h
        .filter((r) => r.surveyScore !== null && r.surveyScore < t)
        .map((r) => ({ r, why: `low survey score (${Math.round(r.surveyScore! * 100)}%)` }));

export const repeatContact: Rule = (h, { repeatContactDays: d }) =>
  d === null
    ? []
    : h
        .filter((r) => r.repeatContactDays !== null && r.repeatContactDays <= d)
        .map((r) => ({ r, why: `customer came back ${r.repeatContactDays} days after "resolved"` }));

export const nearLimit: Rule = (h, { nearLimitPct: pct }) =>
  pct === null
    ? []
    : h.flatMap((r) => {
        const a = r.actions.find(
          (a) => a.limitCents !== null && a.amountCents <= a.limitCents && a.amountCents >= a.limitCents * (1 - pct / 100),
        );
        return a ? [{ r, why: `${a.action} ${dollars(a.amountCents)} just under its ${dollars(a.limitCents!)} limit` }] : [];
      });

export const longHandle: Rule = (h, { longHandleSeconds: s }) =>
  s === null
    ? []
    : h.filter((r) => r.handleTimeSeconds > s).map((r) => ({ r, why: `long handle time (${Math.round(r.handleTimeSeconds / 60)} min)` }));

export const newAgent: Rule = (h, { newAgentWeeks: w }) =>
  w === null ? [] : h.filter((r) => r.at - r.agentSince < w * WEEK).map((r) => ({ r, why: `agent in their first ${w} weeks` }));

/** The rules in the order their reasons are listed. */
export const RULES: Rule[] = [exceptionsRule, lowSurvey, repeatContact, nearLimit, longHandle, newAgent, randomShare];

const weekOf = (at: number) => Math.floor(at / WEEK);

/**
 * The queue for `history`, leaving out `exclude` (resolutions already reviewed or queued):
 * the same resolution is never picked twice by accident.
 */
export function buildQueue(
  history: readonly QaResolution[],
  input: Partial<SamplingRules>,
  exclude: ReadonlySet<string> = new Set(),
): QueuePick[] {
  const rules = SamplingRules.parse(input);
  const rnd = seededRandom(rules.seed);
  const open = history.filter((r) => !exclude.has(r.id));
  const picks = new Map<string, QueuePick>();
  for (const rule of RULES) {
    for (const { r, why } of rule(open, rules, rnd)) {
      const p = picks.get(r.id) ?? { resolutionId: r.id, agentId: r.agentId, why: [] };
      p.why.push(why);
      picks.set(r.id, p);
    }
  }
  if (rules.perAgentWeeklyMin > 0) {
    // Per agent and week: count what the rules already picked, then draw the rest at random.
    const slots = new Map<string, QaResolution[]>();
    for (const r of open) {
      const k = `${r.agentId}|${weekOf(r.at)}`;
      const list = slots.get(k);
      if (list) list.push(r);
      else slots.set(k, [r]);
    }
    for (const list of slots.values()) {
      let have = list.filter((r) => picks.has(r.id)).length;
      for (const r of shuffled(
        list.filter((r) => !picks.has(r.id)),
        rnd,
      )) {
        if (have >= rules.perAgentWeeklyMin) break;
        picks.set(r.id, { resolutionId: r.id, agentId: r.agentId, why: [`per-agent minimum of ${rules.perAgentWeeklyMin} a week`] });
        have++;
      }
    }
  }
  return [...picks.values()];
}
