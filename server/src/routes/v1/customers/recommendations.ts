import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorBody, Id } from '@shared/schemas/common';
import { OfferOutcomeBody, OfferOutcomeReply, Recommendations } from '@shared/schemas/recommendations';
import { notFound } from '../../../errors';
import { outcomeRefusal, recordOfferOutcome, restRecommendations } from '../../../services/recommendations';

/**
 * GET  /v1/customers/:customerId/recommendations: up to three offers for this customer, each
 *      within what the signed-in agent may do now (or marked as needing approval), with reasons;
 *      stored as shown to the caller (their REST contact with the customer that day).
 * POST /v1/customers/:customerId/offer-outcomes: the customer accepted or declined one of them
 *      (one shown to the caller: in the interaction named, or by the GET above that day).
 */
const route: FastifyPluginAsyncZod = async (app) => {
  const params = z.object({ customerId: Id });
  app.get('/v1/customers/:customerId/recommendations', {
    onRequest: app.authorize('context:read'),
    schema: { params, response: { 200: Recommendations, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody } },
    handler: async (req) => {
      const found = await restRecommendations(app, req.principal, req.params.customerId);
      if (!found) throw notFound('No such customer in your tenant');
      return found;
    },
  });
  app.post('/v1/customers/:customerId/offer-outcomes', {
    onRequest: app.authorize('grant:record'),
    schema: {
      params,
      body: OfferOutcomeBody,
      response: { 200: OfferOutcomeReply, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody },
    },
    handler: async (req) => {
      const done = await recordOfferOutcome(app, req.principal, req.params.customerId, req.body);
      if ('problem' in done) throw outcomeRefusal(done.problem, req.body.offerId) ?? notFound('No such customer in your tenant');
      return done;
    },
  });
};
export default route;
