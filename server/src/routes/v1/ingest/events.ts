import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '@shared/schemas/common';
import { CustomIngestEvent, IngestEvent, IngestReply, type CustomIngestEvent as CustomEventT } from '@shared/schemas/customer-events';
import { parse } from '@shared/validate';
import { UserError } from '../../../errors';
import { ingestEvent } from '../../../services/ingest';
import { keepRawJson, verifyIngestSignature } from './signed';

/**
 * POST /v1/ingest/events: business systems push one customer event, signed with the
 * tenant's ingest key. Checked in this order: key, timestamp window, signature, replay,
 * then the body's schema; then services/ingest.ts stores the event and pushes it to every agent viewing the customer.
 */
const route: FastifyPluginAsyncZod = async (app) => {
  keepRawJson(app);

  /** The body checked against its type: a built-in schema, or the tenant's declaration. */
  async function validEvent(tenantId: string, raw: unknown): Promise<IngestEvent | CustomEventT> {
    const custom = typeof (raw as { type?: unknown }).type === 'string' && (raw as { type: string }).type.startsWith('custom.');
    const parsed = parse(custom ? CustomIngestEvent : IngestEvent, raw, 'body');
    if (!parsed.ok) throw Object.assign(new UserError(400, parsed.message), { issues: parsed.issues });
    if (!custom) return parsed.value as IngestEvent;
    const event = parsed.value as CustomEventT;
    const schema = await app.repos.eventTypes.dataSchema(tenantId, event.type);
    if (!schema)
      throw new UserError(400, `body.type: ${event.type} is not declared for this tenant: an admin declares it with POST /v1/event-types`);
    const data = parse(schema, event.data, 'body.data');
    if (!data.ok) throw Object.assign(new UserError(400, data.message), { issues: data.issues });
    return event;
  }

  app.post('/v1/ingest/events', {
    config: { public: "authenticated by the ingest key's HMAC signature instead of a token", signedByIngestKey: true },
    schema: {
      // Built-in and declared types are told apart by `type`, then checked in full below.
      body: z.looseObject({ type: z.string({ error: 'type is required' }) }),
      response: { 200: IngestReply, 400: ErrorBody, 401: ErrorBody, 409: ErrorBody, 422: ErrorBody, 503: ErrorBody },
    },
    preValidation: verifyIngestSignature(app),
    handler: async (req) => {
      const tenantId = req.ingestTenantId!;
      return ingestEvent(app, tenantId, await validEvent(tenantId, req.body), req.ingestDelivery!);
    },
  });
};
export default route;
