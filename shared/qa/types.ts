/** What QA logic sees of the history: plain data the server assembles from the log, grants and exceptions. */

export const DAY = 86_400_000;
export const WEEK = 7 * DAY;

export interface QaAction {
  action: string;
  amountCents: number;
  via: 'leeway' | 'exception' | 'unrecorded';
  /** The tightest limit the policy in force set for this agent, tier and action; null when none applied. */
  limitCents: number | null;
  /**
   * For an action through an exception: the supervisor who approved it (or offered it as a
   * counter) through Leeway's escalation, and the level they decided at. Absent when unknown.
   */
  approval?: QaApproval | null;
}

/** Who approved an exception and at which level, in words: the decider was checked against the level when deciding. */
export interface QaApproval {
  by: string;
  level: string;
}

/** One logged resolution with what attached to it later. */
export interface QaResolution {
  id: string;
  agentId: string;
  team: string;
  at: number;
  ticketRef: string | null;
  category: string;
  outcome: string;
  handleTimeSeconds: number;
  actions: QaAction[];
  /** The survey answer normalised to 0..1 (CSAT 1–5, NPS 0–10, CES 1–7); null when none arrived. */
  surveyScore: number | null;
  /** Days after the resolution of the first repeat contact; null when none. */
  repeatContactDays: number | null;
  reopened: boolean;
  /** When the agent started (their account's creation). */
  agentSince: number;
  /** Whether the record has a note (the note itself is sealed personal data; QA only needs to know it is there). */
  hasNote: boolean;
}

export interface QaGrant {
  id: string;
  agentId: string;
  customerId: string;
  action: string;
  amountCents: number;
  limitCents: number | null;
  at: number;
  viaException: boolean;
  /** The resolution that recorded this grant, when one did. */
  resolutionId?: string | null;
}

export interface QaException {
  id: string;
  agentId: string;
  approverId: string | null;
  status: 'pending' | 'approved' | 'denied' | 'countered' | 'withdrawn';
  createdAt: number;
  decidedAt: number | null;
  resolutionId?: string | null;
}

/** Survey scales to 0..1, so CSAT, NPS and CES compare. */
export function normaliseSurvey(survey: string, score: number): number {
  const [lo, hi] = survey === 'nps' ? [0, 10] : survey === 'ces' ? [1, 7] : [1, 5];
  return Math.min(1, Math.max(0, (score - lo) / (hi - lo)));
}

export const dollars = (cents: number) => `$${(cents / 100).toFixed(cents % 100 ? 2 : 0)}`;

/** What a detector (detectors.ts, reveal-volume.ts) reports. */
export type DetectorId = 'boundary_hugging' | 'splitting' | 'close_reopen' | 'lenient_approver' | 'missing_surveys' | 'unusual_reveals';

export interface Finding {
  detector: DetectorId;
  agentId: string;
  summary: string;
  evidence: Record<string, unknown>;
  /** The grants, exceptions or resolutions that make the case. */
  refs: string[];
  /** The resolutions behind them: what a review of this finding looks at. */
  resolutionIds: string[];
}
