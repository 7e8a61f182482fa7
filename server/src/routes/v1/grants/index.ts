import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorBody } from '@shared/schemas/common';
import { GrantEvaluation, GrantRecorded } from '@shared/schemas/grant-replies';
import { EvaluateBody, GrantBody } from '@shared/schemas/grants';
import { DecisionView } from '@shared/schemas/policy-replies';
import { recordGrant } from '../../../services/grants';

/** A 403 carries the policy's decision when the policy refused; a role refusal has none. */
const Refusal = ErrorBody.extend({ decision: DecisionView.optional() });

/**
 * POST /v1/grants: record a grant. The server evaluates the policy itself and refuses
 * (403, with the decision) whatever the client concluded.
 * POST /v1/grants/evaluate: the same decision without recording, for dry runs.
 */
const route: FastifyPluginAsyncZod = async (app) => {
  app.post('/v1/grants', {
    onRequest: app.authorize('grant:record'),
    schema: {
      body: GrantBody,
      response: { 200: GrantRecorded, 201: GrantRecorded, 400: ErrorBody, 401: ErrorBody, 403: Refusal, 404: ErrorBody, 409: ErrorBody },
    },
    handler: async (req, reply) => {
      const outcome = await recordGrant(app, req.principal, req.body);
      if (outcome.status === 'refused') {
        return reply.code(403).send({ statusCode: 403, error: 'Forbidden', message: outcome.decision.reason, decision: outcome.decision });
      }
      return reply.code(outcome.status === 'recorded' ? 201 : 200).send(outcome);
    },
  });

  app.post('/v1/grants/evaluate', {
    onRequest: app.authorize('grant:record'),
    schema: {
      body: EvaluateBody,
      response: { 200: GrantEvaluation, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
    },
    handler: async (req) => {
      const outcome = await recordGrant(app, req.principal, { ...req.body, idempotencyKey: 'dry-run' }, true);
      return { decision: outcome.decision, usage: outcome.usage };
    },
  });
};
export default route;
