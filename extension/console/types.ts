/** Shapes the console reads from /v1/qa (the server's answers, as JSON). */
import type { Criterion, AutoResult } from '../../shared/qa/scorecard';
import type { QaAction } from '../../shared/qa/types';

export interface Me {
  userId: string;
  role: 'agent' | 'supervisor' | 'auditor' | 'admin';
  name: string;
}
export interface QueueSummary {
  id: string;
  name: string;
  fromAt: string;
  toAt: string;
  createdAt: string;
  picks: number;
  reviewed: number;
}
export interface QueuePick {
  resolutionId: string;
  agentId: string;
  agentName: string;
  why: string[];
  resolvedAt: string;
  reviewId: string | null;
}
export interface QueueView {
  id: string;
  name: string;
  from: string;
  to: string;
  picks: QueuePick[];
}
export type Scores = Record<string, { score: number; comment: string }>;
export interface Review {
  id: string;
  resolutionId: string;
  agentId: string;
  agentName: string;
  reviewerId: string;
  reviewerName: string;
  scorecardVersion: number;
  scores: Scores;
  quality: number;
  comment: string;
  status: 'final' | 'disputed' | 'upheld' | 'amended';
  createdAt: string;
}
export interface ResolutionView {
  id: string;
  seq: number;
  agentName: string | null;
  at: string;
  helpdesk: string;
  ticketId: string;
  /** The helpdesk's host the ticket was on (acme.zendesk.com); null for records from before instances were kept. */
  instance: string | null;
  payload: Record<string, unknown>;
  actions: QaAction[];
  attached: { kind: string; at: string; data: Record<string, unknown> | null }[];
  checks: AutoResult[];
  scorecard: { version: number; criteria: Criterion[] };
  prefill: Scores;
  review: Review | null;
}
export interface Dispute {
  id: string;
  reviewId: string;
  resolutionId: string | null;
  agentName: string;
  reviewerId: string | null;
  reviewerName: string | null;
  criteria: string[];
  reason: string;
  status: 'open' | 'upheld' | 'amended';
  decidedByName: string | null;
  decisionNote: string | null;
  quality: number | null;
  createdAt: string;
  trail: { at: string; kind: string; by: string; message: string }[];
}
export interface Finding {
  detector: string;
  agentId: string;
  agentName: string;
  summary: string;
  evidence: Record<string, unknown>;
  resolutionIds: string[];
}
export interface Integrity {
  ok: boolean;
  entries: number;
  problem: string | null;
  verifiedAt: string;
  checkedBy: string;
}
export interface Charts {
  from: string;
  to: string;
  quality: { week: string; team: string; agentId: string; agentName: string; quality: number; reviews: number }[];
  exceptions: { week: string; grants: number; exceptionRate: number; medianApprovalSeconds: number | null }[];
  surveyVsQuality: { resolutionId: string; quality: number; survey: number }[];
  amountOverLimit: { from: number; to: number | null; grants: number }[];
}
