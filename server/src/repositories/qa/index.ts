/**
 * QA data: the history QA logic reads (resolutions with what attached, grants with their
 * limits, exceptions), and the QA tables. Every query is scoped by tenant.
 */
import type { Database } from '../../db/database';
import { createQaCalibrations } from './calibrations';
import { createQaDisputes } from './disputes';
import { createQaHistory } from './history';
import { createQaReports } from './reports';
import { createQaReviews } from './reviews';
import { createQaScorecards } from './scorecards';

export type { QaUser } from './shared';

export function createQaRepository(db: Database) {
  return {
    ...createQaHistory(db),
    ...createQaScorecards(db),
    ...createQaReviews(db),
    ...createQaDisputes(db),
    ...createQaCalibrations(db),
    ...createQaReports(db),
  };
}
export type QaRepository = ReturnType<typeof createQaRepository>;
