/** What /v1/qa answers about findings, the dashboard's charts and the log's integrity. */
import { z } from 'zod';

/** A detector's case against an agent, with the resolutions a review of it looks at. */
export const Finding = z.object({
  detector: z.string(),
  agentId: z.string(),
  agentName: z.string(),
  summary: z.string(),
  evidence: z.record(z.string(), z.unknown()),
  /** The grants, exceptions or resolutions that make the case. */
  refs: z.array(z.string()),
  resolutionIds: z.array(z.string()),
});
export type Finding = z.infer<typeof Finding>;

export const DetectorCoverage = z.object({ detector: z.string(), agentsChecked: z.number().int(), needs: z.string() });
export type DetectorCoverage = z.infer<typeof DetectorCoverage>;

export const Charts = z.object({
  from: z.string(),
  to: z.string(),
  quality: z.array(
    z.object({ week: z.string(), team: z.string(), agentId: z.string(), agentName: z.string(), quality: z.number(), reviews: z.number() }),
  ),
  exceptions: z.array(
    z.object({ week: z.string(), grants: z.number(), exceptionRate: z.number(), medianApprovalSeconds: z.number().nullable() }),
  ),
  surveyVsQuality: z.array(z.object({ resolutionId: z.string(), quality: z.number(), survey: z.number() })),
  /** Amount as a share of its limit, in 5% bins; the last is open-ended. */
  amountOverLimit: z.array(z.object({ from: z.number(), to: z.number().nullable(), grants: z.number() })),
  /**
   * How many agents each gaming detector could judge over the same period, and what it needs
   * to judge one: where none, Findings says "not enough data" rather than "clean".
   */
  detectors: z.array(DetectorCoverage),
});
export type Charts = z.infer<typeof Charts>;

/** The log's last verification (or a fresh one), and who ran it. */
export const Integrity = z.object({
  ok: z.boolean(),
  entries: z.number(),
  problem: z.string().nullable(),
  verifiedAt: z.string(),
  checkedBy: z.string(),
});
export type Integrity = z.infer<typeof Integrity>;
