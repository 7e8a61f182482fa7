/**
 * QA flows over the repositories: build a queue from the history, open a resolution for
 * review, score, dispute and settle, calibrate, run the detectors, feed the charts. Pure
 * logic lives in shared/qa; these files decide who may see what. One file per flow, gathered here.
 */
export * from './calibration';
export * from './charts';
export * from './findings';
export * from './queues';
export * from './resolution-view';
export * from './reviews';
