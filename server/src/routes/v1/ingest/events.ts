import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '@shared/schemas/common';
import { CustomIngestEvent, IngestEvent, IngestReply, type CustomIngestEvent as CustomEventT } from '@shared/schemas/customer-events';
import { parse } from '@shared/validate';
import { KEY_HEADER, REPLAY_TOLERANCE_S, SIGNATURE_HEADER, signatureMatches, TIMESTAMP_HEADER } from '@shared/webhook-signature';
import { UserError, unauthorized } from '../../../errors';
import { type IngestDelivery, ingestEvent } from '../../../services/ingest';
import { ingestKeyFor } from '../../../services/ingest-keys';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: string;
    ingestTenantId?: string;
    /** The signed request, remembered against replays once its event is accepted. */
    ingestDelivery?: IngestDelivery;
  }
}

const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * POST /v1/ingest/events: business systems push one customer event, signed with the
 * tenant's ingest key. Checked in this order: key, timestamp window, signature, replay,
 * then the body's schema; then services/ingest.ts stores the event and pushes it to every agent viewing the customer.
 */
const route: FastifyPluginAsyncZod = async (app) => {
  // The signature covers the exact bytes sent, so keep them.
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 64 * 1024 }, (req, body, done) => {
    req.rawBody = body as string;
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new UserError(400, 'The body is not valid JSON'), undefined);
    }
  });

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
    preValidation: async (req) => {
      const keyId = header(req.headers[KEY_HEADER]);
      const key = keyId ? await ingestKeyFor(app, keyId) : null;
      if (!key) throw unauthorized(`Unknown or revoked ingest key: send your key id in the ${KEY_HEADER} header`);
      const ts = Number(header(req.headers[TIMESTAMP_HEADER]));
      const now = Date.now();
      if (!Number.isInteger(ts)) throw unauthorized(`${TIMESTAMP_HEADER} must be the signing time in unix seconds`);
      if (Math.abs(now / 1000 - ts) > REPLAY_TOLERANCE_S) {
        throw unauthorized(
          `${TIMESTAMP_HEADER} is more than ${REPLAY_TOLERANCE_S / 60} minutes from the server's clock: old requests are refused as replays`,
        );
      }
      const signature = header(req.headers[SIGNATURE_HEADER]) ?? '';
      if (!signatureMatches(key.secret, ts, req.rawBody ?? '', signature)) {
        throw unauthorized(
          `${SIGNATURE_HEADER} does not match: sign "<timestamp>.<raw body>" with HMAC-SHA256 and your key's secret, as v1=<hex>`,
        );
      }
      req.ingestTenantId = key.tenantId;
      req.ingestDelivery = { signature, keyId: key.id, at: now };
    },
    handler: async (req) => {
      const tenantId = req.ingestTenantId!;
      return ingestEvent(app, tenantId, await validEvent(tenantId, req.body), req.ingestDelivery!);
    },
  });
};
export default route;
