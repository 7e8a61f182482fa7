import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '@shared/schemas/common';
import { Id } from '@shared/schemas/common';
import { CorrectionBody, ResolutionBody } from '@shared/schemas/resolutions';
import { correctResolution, submitResolution } from '../../../services/resolutions';

const Receipt = z.object({ status: z.enum(['stored', 'duplicate']), id: z.string(), seq: z.number(), hash: z.string() });

/** POST /v1/resolutions: the same record the panel's outbox sends over the socket. */
const route: FastifyPluginAsyncZod = async (app) => {
  app.post('/v1/resolutions', {
    onRequest: app.authorize('resolution:submit'),
    schema: {
      body: ResolutionBody,
      response: { 200: Receipt, 201: Receipt, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
    handler: async (req, reply) => {
      const receipt = await submitResolution(app, req.principal, req.body);
      return reply.code(receipt.status === 'stored' ? 201 : 200).send(receipt);
    },
  });

  app.post('/v1/resolutions/:resolutionId/corrections', {
    onRequest: app.authorize('resolution:submit'),
    schema: {
      params: z.object({ resolutionId: Id }),
      body: CorrectionBody,
      response: { 200: Receipt, 201: Receipt, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
    handler: async (req, reply) => {
      const receipt = await correctResolution(app, req.principal, req.params.resolutionId, req.body);
      return reply.code(receipt.status === 'stored' ? 201 : 200).send(receipt);
    },
  });
};
export default route;
