/**
 * What /v1/qa answers about the people, scorecards, queues, resolutions and reviews: the
 * server's reply schemas and the console's types. Views: values as stored and served, without
 * the bounds a request is checked against. Rows the server passes on as read keep their
 * millisecond times; the lists it builds for the console turn them into ISO strings.
 */
import { z } from 'zod';
import { AUTO_CHECKS } from '../qa/scorecard';
import { Role } from './common';

export const Me = z.object({ userId: z.string(), role: Role, name: z.string() });
export type Me = z.infer<typeof Me>;

export const CriterionView = z.object({ id: z.string(), label: z.string(), weight: z.number(), auto: z.enum(AUTO_CHECKS).optional() });

export const ScorecardView = z.object({
  tenantId: z.string(),
  version: z.number().int(),
  criteria: z.array(CriterionView),
  note: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.number(),
});
export type ScorecardView = z.infer<typeof ScorecardView>;

export const QueueSummary = z.object({
  id: z.string(),
  name: z.string(),
  fromAt: z.string(),
  toAt: z.string(),
  createdAt: z.string(),
  picks: z.number().int(),
  reviewed: z.number().int(),
});
export type QueueSummary = z.infer<typeof QueueSummary>;

/** A queue just built (from sampling rules or a finding): how many of the resolutions considered it picked. */
export const QueueCreated = z.object({ id: z.string(), picks: z.number().int(), considered: z.number().int() });
export type QueueCreated = z.infer<typeof QueueCreated>;

export const QueuePick = z.object({
  resolutionId: z.string(),
  agentId: z.string(),
  agentName: z.string(),
  why: z.array(z.string()),
  resolvedAt: z.string(),
  reviewId: z.string().nullable(),
});
export type QueuePick = z.infer<typeof QueuePick>;

export const QueueView = z.object({
  id: z.string(),
  name: z.string(),
  from: z.string(),
  to: z.string(),
  /** The sampling rules it was built from, as stored. */
  rules: z.unknown(),
  picks: z.array(QueuePick),
});
export type QueueView = z.infer<typeof QueueView>;

export const Scores = z.record(z.string(), z.object({ score: z.number(), comment: z.string() }));
export type Scores = z.infer<typeof Scores>;

export const ReviewStatus = z.enum(['final', 'disputed', 'upheld', 'amended']);

/** A review as stored: what scoring it answers, and what the resolution view carries. */
export const ReviewRow = z.object({
  id: z.string(),
  tenantId: z.string(),
  resolutionId: z.string(),
  agentId: z.string(),
  reviewerId: z.string(),
  scorecardVersion: z.number().int(),
  scores: Scores,
  quality: z.number(),
  comment: z.string(),
  status: ReviewStatus,
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type ReviewRow = z.infer<typeof ReviewRow>;

/** A review as the console lists it: with names, and its times as ISO strings. */
export const Review = ReviewRow.extend({ agentName: z.string(), reviewerName: z.string(), createdAt: z.string(), updatedAt: z.string() });
export type Review = z.infer<typeof Review>;

/** A pick as stored. */
export const PickRow = z.object({
  tenantId: z.string(),
  resolutionId: z.string(),
  queueId: z.string(),
  agentId: z.string(),
  why: z.array(z.string()),
  resolvedAt: z.number(),
  reviewId: z.string().nullable(),
  pickedAt: z.number(),
});

export const QaActionView = z.object({
  action: z.string(),
  amountCents: z.number(),
  via: z.string(),
  limitCents: z.number().nullable(),
  /** Who approved an exception through escalation, and at which level (names, in words). */
  approval: z.object({ by: z.string(), level: z.string() }).nullable().optional(),
});
export const AutoResultView = z.object({ check: z.enum(AUTO_CHECKS), pass: z.boolean(), detail: z.string() });

/** One resolution as the review form needs it. */
export const ResolutionView = z.object({
  id: z.string(),
  seq: z.number().int(),
  agentId: z.string().nullable(),
  agentName: z.string().nullable(),
  /** The customer's name as the tenant knows it; null when the record names no customer. */
  customerName: z.string().nullable(),
  at: z.string(),
  helpdesk: z.string(),
  /** The helpdesk's host the ticket was on (acme.zendesk.com); null for records from before instances were kept. */
  instance: z.string().nullable(),
  ticketId: z.string(),
  /** The logged record, its sealed fields opened (and that reading audited). */
  payload: z.record(z.string(), z.unknown()),
  actions: z.array(QaActionView),
  attached: z.array(z.object({ kind: z.string(), at: z.string(), data: z.record(z.string(), z.unknown()).nullable() })),
  checks: z.array(AutoResultView),
  scorecard: ScorecardView,
  prefill: Scores,
  pick: PickRow.nullable(),
  review: ReviewRow.extend({ reviewerName: z.string() }).nullable(),
});
export type ResolutionView = z.infer<typeof ResolutionView>;
