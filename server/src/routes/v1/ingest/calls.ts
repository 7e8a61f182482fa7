import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CallEvent, CallReply } from '@shared/schemas/calls';
import { ErrorBody } from '@shared/schemas/common';
import { ingestCall } from '../../../services/calls';
import { keepRawJson, verifyIngestSignature } from './signed';

/**
 * POST /v1/ingest/calls: a platform's call lifecycle (ringing, connected, after-call work,
 * ended), signed with the tenant's ingest key like /v1/ingest/events. A redelivered or late event
 * changes nothing (services/calls.ts), so a replay inside the window is harmless.
 */
const route: FastifyPluginAsyncZod = async (app) => {
  keepRawJson(app);
  app.post('/v1/ingest/calls', {
    config: { public: "authenticated by the ingest key's HMAC signature instead of a token", signedByIngestKey: true },
    schema: {
      description: 'A call or chat on a contact-center platform moved: ringing, connected, after-call-work or ended.',
      body: CallEvent,
      response: { 200: CallReply, 400: ErrorBody, 401: ErrorBody, 503: ErrorBody },
    },
    preValidation: verifyIngestSignature(app),
    handler: async (req) => ingestCall(app, req.ingestTenantId!, req.body, req.ingestDelivery!),
  });
};
export default route;
