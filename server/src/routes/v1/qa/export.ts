/**
 * CSV of what the console lists (queue, reviews, disputes, findings), written by csv-stringify so
 * quoting is right, and streamed: reviews and disputes are read a page at a time, all of them.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, Id } from '@shared/schemas/common';
import * as qa from '../../../qa/service';
import { sendCsv } from './csv-stream';
import { Period, period } from './period';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());

const route: FastifyPluginAsyncZod = async (app) => {
  app.get('/v1/qa/export/queues/:queueId', {
    onRequest: app.authorize('qa:audit'),
    schema: { params: z.object({ queueId: Id }), response: errors },
    handler: async (req, reply) => {
      const q = await qa.queueView(app, req.principal, req.params.queueId);
      return sendCsv(
        reply,
        `queue-${q.id}`,
        ['resolution_id', 'agent', 'resolved_at', 'why', 'review_id'],
        q.picks.map((p) => [p.resolutionId, p.agentName, p.resolvedAt, p.why.join('; '), p.reviewId ?? '']),
      );
    },
  });
  app.get('/v1/qa/export/reviews', {
    onRequest: app.authorize('qa:console'),
    schema: { response: errors },
    handler: async (req, reply) => {
      const { tenantId, role, userId } = req.principal;
      const people = await app.repos.qa.users(tenantId);
      const name = (id: string) => people.get(id)?.name ?? id;
      // Every scorecard version's criteria, known before the first row: the header is written first.
      const criteria = [...new Set((await app.repos.qa.scorecards(tenantId)).flatMap((c) => c.criteria.map((x) => x.id)))];
      const rows = async function* () {
        // Agents: only reviews of their own work.
        for await (const r of app.repos.qa.allReviews(tenantId, role === 'agent' ? userId : undefined))
          yield [
            r.id,
            r.resolutionId,
            name(r.agentId),
            name(r.reviewerId),
            r.scorecardVersion,
            r.quality,
            r.status,
            iso(r.createdAt),
            ...criteria.flatMap((c) => [r.scores[c]?.score ?? '', r.scores[c]?.comment ?? '']),
            r.comment,
          ];
      };
      return sendCsv(
        reply,
        'reviews',
        [
          'review_id',
          'resolution_id',
          'agent',
          'reviewer',
          'scorecard_version',
          'quality',
          'status',
          'created_at',
          ...criteria.flatMap((c) => [c, `${c}_comment`]),
          'comment',
        ],
        rows(),
      );
    },
  });
  app.get('/v1/qa/export/disputes', {
    onRequest: app.authorize('qa:console'),
    schema: { response: errors },
    handler: async (req, reply) => {
      const { tenantId, role, userId } = req.principal;
      const people = await app.repos.qa.users(tenantId);
      const name = (id: string | null) => (id ? (people.get(id)?.name ?? id) : '');
      const rows = async function* () {
        for await (const { dispute: d, resolutionId, reviewerId } of app.repos.qa.allDisputes(
          tenantId,
          role === 'agent' ? userId : undefined,
        ))
          yield [
            d.id,
            resolutionId ?? '',
            name(d.agentId),
            name(reviewerId),
            d.criteria.join(' '),
            d.reason,
            d.status,
            name(d.decidedBy),
            d.decisionNote ?? '',
            iso(d.createdAt),
            iso(d.decidedAt),
          ];
      };
      return sendCsv(
        reply,
        'disputes',
        [
          'dispute_id',
          'resolution_id',
          'agent',
          'reviewer',
          'criteria',
          'reason',
          'status',
          'decided_by',
          'decision_note',
          'created_at',
          'decided_at',
        ],
        rows(),
      );
    },
  });
  app.get('/v1/qa/export/findings', {
    onRequest: app.authorize('qa:audit'),
    schema: { querystring: Period, response: errors },
    handler: async (req, reply) => {
      const p = period(req.query);
      const list = await qa.findings(app, req.principal, p.from, p.to);
      return sendCsv(
        reply,
        'findings',
        ['detector', 'agent', 'summary', 'evidence', 'resolutions'],
        list.map((f) => [f.detector, f.agentName, f.summary, JSON.stringify(f.evidence), f.resolutionIds.join(' ')]),
      );
    },
  });
};
export default route;
