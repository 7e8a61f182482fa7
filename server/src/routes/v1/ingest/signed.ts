/**
 * What every signed ingest route shares: the raw body kept for the signature, and the check of
 * key, timestamp window and signature, in that order, before the body's schema. A route that
 * business systems sign registers both (POST /v1/ingest/events, /v1/ingest/calls).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { KEY_HEADER, REPLAY_TOLERANCE_S, SIGNATURE_HEADER, signatureMatches, TIMESTAMP_HEADER } from '@shared/webhook-signature';
import { UserError, unauthorized } from '../../../errors';
import type { IngestDelivery } from '../../../services/ingest-batch';
import { ingestKeyFor } from '../../../services/ingest-keys';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: string;
    ingestTenantId?: string;
    /** The signed request, remembered against replays once what it carries is accepted. */
    ingestDelivery?: IngestDelivery;
  }
}

const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** JSON bodies kept as sent: the signature covers the exact bytes. Per plugin (Fastify scopes parsers). */
export function keepRawJson(app: FastifyInstance) {
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 64 * 1024 }, (req, body, done) => {
    req.rawBody = body as string;
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new UserError(400, 'The body is not valid JSON'), undefined);
    }
  });
}

/** A preValidation hook: the request is signed with one of a tenant's live ingest keys, recently. */
export const verifyIngestSignature = (app: FastifyInstance) => async (req: FastifyRequest) => {
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
  req.ingestDelivery = { signature, keyId: key.id, signedAt: ts * 1000, at: now };
};
