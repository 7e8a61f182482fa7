import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SamplingRules } from '@shared/qa/sampling';
import { ScorecardBody } from '@shared/qa/scorecard';
import { ErrorBody, Id, IsoDateTime } from '@shared/schemas/common';
import { CalibrationRow, CalibrationSummary, CalibrationView } from '@shared/schemas/qa-calibration-replies';
import { Dispute, DisputeRow } from '@shared/schemas/qa-dispute-replies';
import { Charts, Finding, Integrity } from '@shared/schemas/qa-insight-replies';
import { Me, QueueCreated, QueueSummary, QueueView, ResolutionView, Review, ReviewRow, ScorecardView } from '@shared/schemas/qa-replies';
import { UserError } from '../../../errors';
import * as qa from '../../../qa/service';
import exportRoutes from './export';
import offerRoutes from './offers';
import { Period, period } from './period';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const Score = z.object({ score: z.number().int(), comment: z.string().max(2000).default('') }).strict();
const Scores = z.record(z.string().max(41), Score);

/** The QA console's API: queues, reviews, disputes, calibration, findings, charts, integrity. */
const route: FastifyPluginAsyncZod = async (app) => {
  // Every role that has a console asks it; supervisors get who they are here and nothing else of QA's.
  app.get('/v1/qa/me', {
    onRequest: app.authorize('console:open'),
    schema: { response: { 200: Me, ...errors } },
    handler: async (req) => {
      const me = (await app.repos.qa.users(req.principal.tenantId)).get(req.principal.userId);
      return { userId: req.principal.userId, role: req.principal.role, name: me?.name ?? '' };
    },
  });

  app.get('/v1/qa/scorecards', {
    onRequest: app.authorize('qa:console'),
    schema: { response: { 200: z.array(ScorecardView), ...errors } },
    handler: async (req) => {
      await qa.currentScorecard(app, req.principal.tenantId);
      return app.repos.qa.scorecards(req.principal.tenantId);
    },
  });
  app.post('/v1/qa/scorecards', {
    onRequest: app.authorize('qa:scorecard'),
    schema: { body: ScorecardBody, response: { 201: ScorecardView, ...errors } },
    handler: async (req, reply) => {
      const { tenantId, userId } = req.principal;
      // The version and its audit entry in one transaction, under the tenant's lock that versioning takes.
      const card = await app.repos.inTenantTransaction(tenantId, async () => {
        const card = await app.repos.qa.createScorecard(tenantId, req.body.criteria, req.body.note ?? null, userId);
        await app.repos.audit.record(tenantId, userId, 'qa.scorecard.create', `scorecard:v${card.version}`, {
          version: card.version,
          criteria: card.criteria.map((c) => c.id),
        });
        return card;
      });
      return reply.code(201).send(card);
    },
  });

  app.get('/v1/qa/queues', {
    onRequest: app.authorize('qa:audit'),
    schema: { response: { 200: z.array(QueueSummary), ...errors } },
    handler: async (req) =>
      (await app.repos.qa.queues(req.principal.tenantId)).map((q) => ({
        ...q,
        fromAt: new Date(q.fromAt).toISOString(),
        toAt: new Date(q.toAt).toISOString(),
        createdAt: new Date(q.createdAt).toISOString(),
      })),
  });
  app.post('/v1/qa/queues', {
    onRequest: app.authorize('qa:audit'),
    schema: {
      body: z
        .object({ name: z.string().trim().min(1).max(120), from: IsoDateTime, to: IsoDateTime, rules: SamplingRules.partial().default({}) })
        .strict(),
      response: { 201: QueueCreated, ...errors },
    },
    handler: async (req, reply) =>
      reply.code(201).send(
        await qa.createQueue(app, req.principal, {
          name: req.body.name,
          from: Date.parse(req.body.from),
          to: Date.parse(req.body.to),
          rules: req.body.rules,
        }),
      ),
  });
  app.get('/v1/qa/queues/:queueId', {
    onRequest: app.authorize('qa:audit'),
    schema: { params: z.object({ queueId: Id }), response: { 200: QueueView, ...errors } },
    handler: async (req) => qa.queueView(app, req.principal, req.params.queueId),
  });

  app.get('/v1/qa/resolutions/:resolutionId', {
    onRequest: app.authorize('qa:console'),
    schema: { params: z.object({ resolutionId: Id }), response: { 200: ResolutionView, ...errors } },
    handler: async (req) => qa.resolutionView(app, req.principal, req.params.resolutionId),
  });
  app.post('/v1/qa/resolutions/:resolutionId/review', {
    onRequest: app.authorize('qa:audit'),
    schema: {
      params: z.object({ resolutionId: Id }),
      body: z.object({ scorecardVersion: z.number().int().min(1), scores: Scores, comment: z.string().max(4000).default('') }).strict(),
      response: { 201: ReviewRow, ...errors },
    },
    handler: async (req, reply) => reply.code(201).send(await qa.submitReview(app, req.principal, req.params.resolutionId, req.body)),
  });

  app.get('/v1/qa/reviews', {
    onRequest: app.authorize('qa:console'),
    schema: { response: { 200: z.array(Review), ...errors } },
    handler: async (req) => qa.reviewsFor(app, req.principal),
  });
  app.post('/v1/qa/reviews/:reviewId/disputes', {
    onRequest: app.authorize('qa:dispute'),
    schema: {
      params: z.object({ reviewId: Id }),
      body: z
        .object({
          criteria: z.array(z.string().max(41)).min(1, 'name at least one criterion you dispute'),
          reason: z.string().trim().min(1, 'say why the score is wrong').max(4000),
        })
        .strict(),
      response: { 201: DisputeRow, ...errors },
    },
    handler: async (req, reply) => reply.code(201).send(await qa.openDispute(app, req.principal, req.params.reviewId, req.body)),
  });
  app.get('/v1/qa/disputes', {
    onRequest: app.authorize('qa:console'),
    schema: { response: { 200: z.array(Dispute), ...errors } },
    handler: async (req) => qa.disputesFor(app, req.principal),
  });
  app.post('/v1/qa/disputes/:disputeId/decision', {
    onRequest: app.authorize('qa:settle'),
    schema: {
      params: z.object({ disputeId: Id }),
      body: z
        .object({ outcome: z.enum(['upheld', 'amended']), note: z.string().trim().min(1, 'say why').max(4000), scores: Scores.optional() })
        .strict(),
      response: { 200: DisputeRow, ...errors },
    },
    handler: async (req) => {
      const { tenantId, userId } = req.principal;
      // Decided and audited in one transaction, under the tenant's lock that the decision takes.
      return app.repos.inTenantTransaction(tenantId, async () => {
        const settled = await qa.settleDispute(app, req.principal, req.params.disputeId, req.body);
        // The decision note stays with the dispute's trail: it is free text and may name people.
        await app.repos.audit.record(tenantId, userId, 'qa.dispute.decide', `dispute:${req.params.disputeId}`, {
          reviewId: settled.reviewId,
          outcome: req.body.outcome,
          amended: req.body.outcome === 'amended' ? Object.keys(req.body.scores ?? {}) : [],
        });
        return settled;
      });
    },
  });

  app.get('/v1/qa/calibrations', {
    onRequest: app.authorize('qa:audit'),
    schema: { response: { 200: z.array(CalibrationSummary), ...errors } },
    handler: async (req) =>
      (await app.repos.qa.calibrations(req.principal.tenantId)).map((c) => ({ ...c, createdAt: new Date(c.createdAt).toISOString() })),
  });
  app.post('/v1/qa/calibrations', {
    onRequest: app.authorize('qa:audit'),
    schema: {
      body: z.object({ name: z.string().trim().min(1).max(120), resolutionIds: z.array(Id).min(1).max(50) }).strict(),
      response: { 201: CalibrationRow, ...errors },
    },
    handler: async (req, reply) => {
      for (const id of req.body.resolutionIds) {
        const e = await app.repos.log.byId(req.principal.tenantId, id);
        if (e?.kind !== 'resolution') throw new UserError(404, `resolutionIds: no resolution ${id} in your tenant`);
      }
      const card = await qa.currentScorecard(app, req.principal.tenantId);
      return reply.code(201).send(
        await app.repos.qa.createCalibration(req.principal.tenantId, {
          ...req.body,
          scorecardVersion: card.version,
          createdBy: req.principal.userId,
        }),
      );
    },
  });
  app.get('/v1/qa/calibrations/:calibrationId', {
    onRequest: app.authorize('qa:audit'),
    schema: { params: z.object({ calibrationId: Id }), response: { 200: CalibrationView, ...errors } },
    handler: async (req) => qa.calibrationView(app, req.principal, req.params.calibrationId),
  });
  app.put('/v1/qa/calibrations/:calibrationId/scores/:resolutionId', {
    onRequest: app.authorize('qa:audit'),
    schema: {
      params: z.object({ calibrationId: Id, resolutionId: Id }),
      body: z.object({ scores: z.record(z.string().max(41), z.number().int().min(1).max(5)) }).strict(),
      response: { 200: CalibrationView, ...errors },
    },
    handler: async (req) => {
      const c = await app.repos.qa.calibration(req.principal.tenantId, req.params.calibrationId);
      if (!c) throw new UserError(404, 'No such calibration session in your tenant');
      if (!c.resolutionIds.includes(req.params.resolutionId)) throw new UserError(404, 'That resolution is not in this session');
      await app.repos.qa.putCalibrationScore(c.id, req.principal.userId, req.params.resolutionId, req.body.scores);
      return qa.calibrationView(app, req.principal, c.id);
    },
  });

  app.get('/v1/qa/findings', {
    onRequest: app.authorize('qa:audit'),
    schema: { querystring: Period, response: { 200: z.array(Finding), ...errors } },
    handler: async (req) => {
      const p = period(req.query);
      return qa.findings(app, req.principal, p.from, p.to);
    },
  });
  app.post('/v1/qa/findings/queue', {
    onRequest: app.authorize('qa:audit'),
    schema: { body: Period.extend({ detector: z.string().max(40), agentId: Id }).strict(), response: { 201: QueueCreated, ...errors } },
    handler: async (req, reply) =>
      reply.code(201).send(
        await qa.queueFinding(app, req.principal, {
          ...period(req.body, 'body.'),
          detector: req.body.detector,
          agentId: req.body.agentId,
        }),
      ),
  });

  app.get('/v1/qa/charts', {
    onRequest: app.authorize('qa:audit'),
    schema: { querystring: Period, response: { 200: Charts, ...errors } },
    handler: async (req) => {
      const p = period(req.query);
      return qa.charts(app, req.principal, p.from, p.to);
    },
  });

  app.get('/v1/qa/integrity', {
    onRequest: app.authorize('log:verify'),
    schema: { response: { 200: Integrity, ...errors } },
    handler: async (req) => qa.integrity(app, req.principal, false),
  });
  app.post('/v1/qa/integrity', {
    onRequest: app.authorize('log:verify'),
    schema: { response: { 200: Integrity, ...errors } },
    handler: async (req) => qa.integrity(app, req.principal, true),
  });

  await app.register(exportRoutes);
  await app.register(offerRoutes);
};
export default route;
