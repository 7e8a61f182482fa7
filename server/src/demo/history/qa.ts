/**
 * QA over the demo history, through the QA services: a review queue per week built after it ends,
 * reviews of most picks a day or two later, two disputes (one decided, one open) and a calibration.
 */
import type { FastifyInstance } from 'fastify';
import { DEFAULT_SCORECARD } from '@shared/qa/scorecard';
import type { Repositories } from '../../repositories';
import { createQueue, openDispute, settleDispute, submitReview } from '../../qa/service';
import type { Principal } from '../../plugins/app/auth';
import { atTime, type SeededRandom } from './clock';
import type { Logged, People, Step } from './resolutions';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const COMMENTS = [
  'Clear notes, right gesture',
  'Good tone; record missing the reason',
  'Solved it on the first reply',
  'Could have checked the order first',
];

/** What the agent writes when disputing a criterion. */
const WHY: Record<string, string> = {
  followed_policy: 'The credit was approved by Lee Lead: I followed the escalation as the policy asks.',
  resolved_problem: 'The customer confirmed in the thread that the charge was fixed.',
  empathy: 'The customer thanked me twice in the thread; please read the whole conversation.',
  accurate_record: 'The note and the reason are in the record; the outcome was set when I closed it.',
};

const as = (who: People, userId: string, role: Principal['role']): Principal => ({
  tenantId: who.tenantId,
  userId,
  role,
  sessionId: 'demo-seed',
});
const weekName = (at: number) => `Week of ${new Date(at).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' })}`;

/** Scores around a typical good agent's, one criterion now and then lower. */
function scores(rng: SeededRandom) {
  return Object.fromEntries(
    DEFAULT_SCORECARD.criteria.map((c) => [
      c.id,
      { score: rng.chance(0.2) ? rng.int(2, 3) : rng.int(4, 5), comment: rng.chance(0.3) ? rng.pick(COMMENTS) : '' },
    ]),
  );
}

/** The QA steps for weeks starting at `weeks` (Mondays), pushed onto `steps`; `logged` fills as resolutions run. */
export function qaOverWeeks(
  repos: Repositories,
  who: People,
  weeks: number[],
  rng: SeededRandom,
  steps: Step[],
  logged: Logged[],
  now: number,
) {
  const app = { repos } as unknown as FastifyInstance; // the QA services read only app.repos
  const auditor = as(who, who.auditor, 'auditor');
  const reviewed: { reviewId: string; agentId: string; lowest: { id: string; score: number } }[] = [];
  weeks.forEach((from, w) => {
    const to = from + 7 * DAY;
    const builtAt = Math.min(to + 10 * HOUR, now - 3 * HOUR);
    const last = w === weeks.length - 1;
    const seeds = Array.from({ length: 12 }, () => scores(rng));
    steps.push({
      at: builtAt,
      run: async () => {
        // "New agent" off: the demo's people were created when it was seeded, so it would pick every resolution.
        const { id } = await createQueue(app, auditor, {
          name: weekName(from),
          from,
          to: Math.min(to, now),
          rules: { newAgentWeeks: null },
        });
        const picks = await repos.qa.picks(who.tenantId, id);
        // The latest week is still being worked through: two reviewed, the rest waiting in the queue.
        const take = last ? picks.slice(0, 2) : picks.slice(0, Math.max(0, picks.length - 1)).slice(0, seeds.length);
        for (const [i, p] of take.entries()) {
          // One every twenty minutes or so through the morning, as an auditor works a queue.
          const review = await atTime(Math.min(builtAt + (i + 1) * 20 * 60_000, now - 60_000), () =>
            submitReview(app, auditor, p.resolutionId, { scorecardVersion: 1, scores: seeds[i]!, comment: i % 3 ? '' : 'Solid work' }),
          );
          const [id, { score }] = Object.entries(seeds[i]!).sort((x, y) => x[1].score - y[1].score)[0]!;
          reviewed.push({ reviewId: review.id, agentId: review.agentId, lowest: { id, score } });
        }
      },
    });
  });
  // Disputes: the agent contests two low scores of theirs; the admin (a second reviewer) decides the first a day later.
  const disputed: { id: string }[] = [];
  const raisedAt = weeks[1]! + 2 * DAY + 11 * HOUR;
  // Two hours apart: the console lists disputes newest first, and the same instant would leave their order to chance.
  for (const nth of [0, 1])
    steps.push({
      at: raisedAt + nth * 2 * HOUR,
      run: async () => {
        const r = reviewed.filter((x) => x.agentId === who.agent && x.lowest.score <= 3)[nth];
        if (!r) return;
        disputed.push(
          await openDispute(app, as(who, who.agent, 'agent'), r.reviewId, {
            criteria: [r.lowest.id],
            reason: WHY[r.lowest.id] ?? WHY.empathy!,
          }),
        );
      },
    });
  steps.push({
    at: raisedAt + DAY + 3 * HOUR,
    run: async () => {
      const d = disputed[0];
      if (!d) return;
      const criterion = (await repos.qa.dispute(who.tenantId, d.id))!.criteria[0]!;
      await settleDispute(app, as(who, who.admin, 'admin'), d.id, {
        outcome: 'amended',
        note: 'Read the whole thread: the agent is right, raised to 4.',
        scores: { [criterion]: { score: 4, comment: 'Amended on dispute' } },
      });
    },
  });
  // A calibration in the third week: the auditor and the admin score the same three resolutions.
  steps.push({
    at: weeks[2]! + 3 * DAY + 15 * HOUR,
    run: async () => {
      const chosen = logged.filter((l) => l.at < weeks[2]!).slice(-3);
      if (chosen.length === 0) return;
      const c = await repos.qa.createCalibration(who.tenantId, {
        name: `Calibration on the ${weekName(weeks[1]!).replace('Week', 'week')}`,
        resolutionIds: chosen.map((l) => l.id),
        scorecardVersion: 1,
        createdBy: who.auditor,
      });
      // The auditor's scores vary by resolution; the admin mostly agrees, once in a while a point or two apart.
      for (const [k, l] of chosen.entries())
        for (const [userId, spread] of [
          [who.auditor, 0],
          [who.admin, 1],
        ] as const)
          await repos.qa.putCalibrationScore(
            c.id,
            userId,
            l.id,
            Object.fromEntries(
              DEFAULT_SCORECARD.criteria.map((cr, i) => [
                cr.id,
                Math.max(1, Math.min(5, 2 + ((k + i) % 4) - (spread && i === k ? 2 - (k % 2) : 0))),
              ]),
            ),
          );
    },
  });
}
