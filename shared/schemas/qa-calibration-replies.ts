/** What /v1/qa answers about calibration sessions: created, listed, and one as an auditor sees it (blind until they scored all). */
import { z } from 'zod';
import { CriterionView } from './qa-replies';

/** A session as stored (what creating one answers). */
export const CalibrationRow = z.object({
  id: z.string(),
  tenantId: z.string(),
  name: z.string(),
  resolutionIds: z.array(z.string()),
  scorecardVersion: z.number().int(),
  createdBy: z.string(),
  createdAt: z.number(),
});
export type CalibrationRow = z.infer<typeof CalibrationRow>;

/** A session as listed: its time as an ISO string. */
export const CalibrationSummary = CalibrationRow.extend({ createdAt: z.string() });
export type CalibrationSummary = z.infer<typeof CalibrationSummary>;

/** Agreement on one criterion, and the resolutions where auditors are far apart. */
export const CriterionAgreement = z.object({
  criterion: z.string(),
  alpha: z.number().nullable(),
  diverging: z.array(
    z.object({
      resolutionId: z.string(),
      values: z.array(z.object({ auditorId: z.string(), score: z.number(), auditorName: z.string() })),
      range: z.number(),
    }),
  ),
});

export const CalibrationView = CalibrationSummary.extend({
  criteria: z.array(CriterionView),
  /** resolutionId → criterion → the score this auditor gave. */
  mine: z.record(z.string(), z.record(z.string(), z.number())),
  auditors: z.array(z.string()),
  /** Null until this auditor scored every resolution of the session. */
  report: z.array(CriterionAgreement).nullable(),
});
export type CalibrationView = z.infer<typeof CalibrationView>;
