/** The QA report of suggested offers: acceptance, value delivered, overrides, and agents who always take the most generous. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorBody } from '@shared/schemas/common';
import { OfferReport } from '@shared/schemas/qa-offer-replies';
import { offerReportFor } from '../../../services/offer-report';
import { Period, period } from './period';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

const route: FastifyPluginAsyncZod = async (app) => {
  // Supervisors coach on it as much as QA audits it: whoever reads the offers reads how they fare.
  app.get('/v1/qa/offers', {
    onRequest: app.authorize('offers:read'),
    schema: { querystring: Period, response: { 200: OfferReport, ...errors } },
    handler: async (req) => {
      const p = period(req.query);
      return offerReportFor(app, req.principal.tenantId, p.from, p.to);
    },
  });
};
export default route;
