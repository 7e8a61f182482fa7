/** CSV of what the console lists (queue, reviews, disputes, findings), written by csv-stringify so quoting is right. */
import { stringify } from 'csv-stringify/sync';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, Id } from '../../../../../shared/schemas/common';
import * as qa from '../../../qa/service';
import { Period, period } from './period';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

// escape_formulas: a cell starting with = + - @ gets a leading quote, so a spreadsheet shows typed text instead of running it.
const csv = (columns: string[], rows: unknown[][]) => stringify([columns, ...rows], { escape_formulas: true });

const route: FastifyPluginAsyncZod = async (app) => {
  const send = (reply: import('fastify').FastifyReply, name: string, body: string) => reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(body);

  app.get('/v1/qa/export/queues/:queueId', {
    onRequest: app.authorize('qa:audit'),
    schema: { params: z.object({ queueId: Id }), response: errors },
    handler: async (req, reply) => {
      const q = await qa.queueView(app, req.principal, req.params.queueId);
      return send(reply, `queue-${q.id}`, csv(['resolution_id', 'agent', 'resolved_at', 'why', 'review_id'], q.picks.map((p) => [p.resolutionId, p.agentName, p.resolvedAt, p.why.join('; '), p.reviewId ?? ''])));
    },
  });
  app.get('/v1/qa/export/reviews', {
    onRequest: app.authorize('qa:console'),
    schema: { response: errors },
    handler: async (req, reply) => {
      const list = await qa.reviewsFor(app, req.principal);
      const criteria = [...new Set(list.flatMap((r) => Object.keys(r.scores)))];
      return send(
        reply,
        'reviews',
        csv(
          ['review_id', 'resolution_id', 'agent', 'reviewer', 'scorecard_version', 'quality', 'status', 'created_at', ...criteria.flatMap((c) => [c, `${c}_comment`]), 'comment'],
          list.map((r) => [r.id, r.resolutionId, r.agentName, r.reviewerName, r.scorecardVersion, r.quality, r.status, r.createdAt, ...criteria.flatMap((c) => [r.scores[c]?.score ?? '', r.scores[c]?.comment ?? '']), r.comment]),
        ),
      );
    },
  });
  app.get('/v1/qa/export/disputes', {
    onRequest: app.authorize('qa:console'),
    schema: { response: errors },
    handler: async (req, reply) => {
      const list = await qa.disputesFor(app, req.principal);
      return send(reply, 'disputes', csv(['dispute_id', 'resolution_id', 'agent', 'reviewer', 'criteria', 'reason', 'status', 'decided_by', 'decision_note', 'created_at', 'decided_at'], list.map((d) => [d.id, d.resolutionId, d.agentName, d.reviewerName, d.criteria.join(' '), d.reason, d.status, d.decidedByName ?? '', d.decisionNote ?? '', d.createdAt, d.decidedAt ?? ''])));
    },
  });
  app.get('/v1/qa/export/findings', {
    onRequest: app.authorize('qa:audit'),
    schema: { querystring: Period, response: errors },
    handler: async (req, reply) => {
      const p = period(req.query);
      const list = await qa.findings(app, req.principal, p.from, p.to);
      return send(reply, 'findings', csv(['detector', 'agent', 'summary', 'evidence', 'resolutions'], list.map((f) => [f.detector, f.agentName, f.summary, JSON.stringify(f.evidence), f.resolutionIds.join(' ')])));
    },
  });
};
export default route;
