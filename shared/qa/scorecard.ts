/** Scorecards: weighted criteria scored 1–5; auto-checks suggest what can be computed from the record. */
import { z } from 'zod';
import type { QaResolution } from './types';

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

export function autoChecks(
  r: Pick<QaResolution, 'actions' | 'category' | 'outcome' | 'handleTimeSeconds' | 'hasNote' | 'surveyScore'>,
): AutoResult[] {
  const beyond = r.actions.filter((a) => a.via !== 'leeway');
  const missing = [
    !r.category && 'category',
    !r.outcome && 'outcome',
    !r.hasNote && 'note',
    r.handleTimeSeconds <= 0 && 'handle time',
  ].filter(Boolean);
  return [
    {
      check: 'within_leeway',
      pass: beyond.length === 0,
      detail: beyond.length
        ? `${beyond.length} of ${r.actions.length} actions beyond leeway (${beyond.map((a) => a.via).join(', ')})`
        : r.actions.length === 1
          ? 'its one action within leeway'
          : `all ${r.actions.length} actions within leeway`,
    },
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
