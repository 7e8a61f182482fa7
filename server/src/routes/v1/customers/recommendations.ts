import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorBody, Id } from '@shared/schemas/common';
import { OfferOutcomeBody, OfferOutcomeReply, Recommendations } from '@shared/schemas/recommendations';
import { notFound, UserError } from '../../../errors';
import { recommendationsFor, recordOfferOutcome } from '../../../services/recommendations';

/**
 * GET  /v1/customers/:customerId/recommendations: up to three offers for this customer, each
 *      within what the signed-in agent may do now (or marked as needing approval), with reasons.
 * POST /v1/customers/:customerId/offer-outcomes: the customer accepted or declined one of them.
 */
const route: FastifyPluginAsyncZod = async (app) => {
  const params = z.object({ customerId: Id });
  app.get('/v1/customers/:customerId/recommendations', {
    onRequest: app.authorize('context:read'),
    schema: { params, response: { 200: Recommendations, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody } },
    handler: async (req) => {
      const found = await recommendationsFor(app, req.principal, req.params.customerId, null);
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
      if ('problem' in done) {
        if (done.problem === 'customer') throw notFound('No such customer in your tenant');
        throw new UserError(422, `offerId: “${req.body.offerId}” is not one of your tenant's current offers`);
      }
      return done;
    },
  });
};
export default route;
