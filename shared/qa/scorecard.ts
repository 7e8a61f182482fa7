/** Scorecards: weighted criteria scored 1–5; auto-checks suggest what can be computed from the record. */
import { z } from 'zod';
import { dollars, type QaAction, type QaResolution } from './types';

export const AUTO_CHECKS = ['within_leeway', 'record_complete', 'survey_linked'] as const;
export type AutoCheck = (typeof AUTO_CHECKS)[number];

export const Criterion = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]{0,40}$/, 'must be lower_snake_case'),
    label: z.string().min(1).max(120),
    weight: z.number().positive().max(100),
    /** An auto-check that pre-fills this criterion; the reviewer may change it. */
    auto: z.enum(AUTO_CHECKS).optional(),
  })
  .strict();
export const ScorecardBody = z
  .object({ criteria: z.array(Criterion).min(1).max(20), note: z.string().max(500).optional() })
  .strict()
  .refine((s) => new Set(s.criteria.map((c) => c.id)).size === s.criteria.length, {
    message: 'criteria ids must be unique',
    path: ['criteria'],
  });
export type ScorecardBody = z.infer<typeof ScorecardBody>;
export type Criterion = z.infer<typeof Criterion>;

export const DEFAULT_SCORECARD: ScorecardBody = {
  criteria: [
    { id: 'followed_policy', label: 'Followed policy', weight: 3, auto: 'within_leeway' },
    { id: 'resolved_problem', label: 'Resolved the real problem', weight: 3 },
    { id: 'empathy', label: 'Empathy', weight: 2 },
    { id: 'accurate_record', label: 'Accurate record', weight: 2, auto: 'record_complete' },
  ],
  note: 'Default scorecard',
};

export const SCORE_MIN = 1;
export const SCORE_MAX = 5;

/** Weighted quality 0..100 from 1–5 scores. */
export function qualityScore(criteria: readonly Criterion[], scores: Record<string, number>): number {
  const total = criteria.reduce((s, c) => s + c.weight, 0);
  const got = criteria.reduce((s, c) => s + c.weight * (((scores[c.id] ?? SCORE_MIN) - SCORE_MIN) / (SCORE_MAX - SCORE_MIN)), 0);
  return Math.round((got / total) * 1000) / 10;
}

export interface AutoResult {
  check: AutoCheck;
  pass: boolean;
  detail: string;
}

/** An action within policy: within the agent's leeway, or an exception a supervisor approved through escalation. */
const approved = (a: QaAction) => a.via === 'exception' && !!a.approval;
const within = (a: QaAction) => a.via === 'leeway' || approved(a);
/** "account credit $45": the action's id in words (the policy's labels are not in the history). */
const named = (a: QaAction) => `${a.action.replace(/_/g, ' ')} ${dollars(a.amountCents)}`;

/**
 * Followed policy: every action within leeway or approved through the product's own escalation
 * (escalating is what the policy asks for beyond leeway, so it never counts against the agent).
 */
function policyCheck(actions: readonly QaAction[]): AutoResult {
  const outside = actions.filter((a) => !within(a));
  if (outside.length) {
    const why = outside.map((a) => `${named(a)} ${a.via === 'unrecorded' ? 'not recorded as a grant' : 'with no approval on record'}`);
    return {
      check: 'within_leeway',
      pass: false,
      detail: `${outside.length} of ${actions.length} actions outside policy: ${why.join(', ')}`,
    };
  }
  const leeway = actions.filter((a) => a.via === 'leeway').length;
  const escalated = actions.filter(approved).map((a) => `${named(a)} approved by ${a.approval!.by} (${a.approval!.level})`);
  const inLeeway =
    leeway === 0
      ? []
      : leeway === actions.length
        ? [leeway === 1 ? 'its one action within leeway' : `all ${leeway} actions within leeway`]
        : [`${leeway} within leeway`];
  return {
    check: 'within_leeway',
    pass: true,
    detail: actions.length ? [...inLeeway, ...escalated].join('; ') : 'no action taken',
  };
}

export function autoChecks(
  r: Pick<QaResolution, 'actions' | 'category' | 'outcome' | 'handleTimeSeconds' | 'hasNote' | 'surveyScore'>,
): AutoResult[] {
  const missing = [
    !r.category && 'category',
    !r.outcome && 'outcome',
    !r.hasNote && 'note',
    r.handleTimeSeconds <= 0 && 'handle time',
  ].filter(Boolean);
  return [
    policyCheck(r.actions),
    {
      check: 'record_complete',
      pass: missing.length === 0,
      detail: missing.length ? `missing: ${missing.join(', ')}` : 'outcome, category, note and handle time recorded',
    },
    {
      check: 'survey_linked',
      pass: r.surveyScore !== null,
      detail: r.surveyScore !== null ? `survey linked (${Math.round(r.surveyScore * 100)}%)` : 'no survey answer yet',
    },
  ];
}

/** Pre-filled scores from auto-checks: 5 when the check passes, 2 when it fails. */
export function prefill(criteria: readonly Criterion[], checks: readonly AutoResult[]): Record<string, { score: number; comment: string }> {
  const out: Record<string, { score: number; comment: string }> = {};
  for (const c of criteria) {
    const r = c.auto && checks.find((x) => x.check === c.auto);
    if (r) out[c.id] = { score: r.pass ? 5 : 2, comment: `Auto-check: ${r.detail}` };
  }
  return out;
}
