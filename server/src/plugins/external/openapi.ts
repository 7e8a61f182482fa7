import swagger, { type SwaggerTransform } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { Permission } from '@shared/permissions';
import { requireOperatorToken } from '../../auth/operator-token';
import type { Config } from '../../config';
import { KEY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '@shared/webhook-signature';

export const DOCS_PREFIX = '/docs';

/**
 * The docs UI runs Swagger UI's own scripts and styles, served from the package (no CDN),
 * and calls this server only. Its pages get this CSP instead of the API's `default-src 'none'`.
 */
const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Swagger UI sets inline styles on its elements.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * OpenAPI 3 documentation of every route, generated from the same zod schemas that validate
 * them: the JSON at /docs/json, a browsable UI at /docs. Each operation states how it is
 * called: a bearer token with the permission it needs, the ingest key's signature, or nothing.
 * Registered before the routes, so it sees each one.
 * With LEEWAY_DOCS_TOKEN set, every docs route asks for it as a bearer token. Without it, the docs
 * are public in development and not served in production (they map the attack surface).
 */
export default fp<{ config: Pick<Config, 'production' | 'docsToken'> }>(
  async (app, { config }) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Leeway API',
          version: '1',
          description:
            'REST API of the Leeway server. Live updates travel over socket.io on the same host (events in shared/events.ts), authenticated with the same bearer token in the handshake (`auth.token`). Errors are `{statusCode, error, message}`; a 400 lists each invalid field in `issues`. Every route is rate limited (429 with Retry-After).',
        },
        components: {
          securitySchemes: {
            bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The token from POST /v1/auth/sign-in' },
            ingestKey: { type: 'apiKey', in: 'header', name: KEY_HEADER, description: "The tenant's ingest key id" },
            ingestTimestamp: {
              type: 'apiKey',
              in: 'header',
              name: TIMESTAMP_HEADER,
              description: 'Unix seconds when signed; older than 5 minutes is refused',
            },
            ingestSignature: {
              type: 'apiKey',
              in: 'header',
              name: SIGNATURE_HEADER,
              description: 'v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>',
            },
            metricsToken: { type: 'http', scheme: 'bearer', description: 'LEEWAY_METRICS_TOKEN, when the server sets it' },
          },
        },
      },
      transform: withAccess,
    });
    // The document is still built (app.swagger()) when its routes are not served.
    if (config.production && !config.docsToken) return;
    const guard = config.docsToken
      ? requireOperatorToken(config.docsToken, 'The API documentation requires "Authorization: Bearer <LEEWAY_DOCS_TOKEN>"')
      : null;
    await app.register(swaggerUi, {
      routePrefix: DOCS_PREFIX,
      staticCSP: DOCS_CSP,
      uiConfig: { deepLinking: false },
      ...(guard && { uiHooks: { onRequest: guard } }),
    });
  },
  { name: 'openapi' },
);

/** The zod schemas as JSON Schema, plus each operation's security and who may call it. */
const withAccess: SwaggerTransform = (doc) => {
  const out = doc.schema ? jsonSchemaTransform(doc as Parameters<typeof jsonSchemaTransform>[0]) : { schema: {}, url: doc.url };
  const schema = out.schema as Record<string, unknown>;
  if (schema.hide) return out;
  // Grouped in the UI by the path's first segment after /v1 (auth, customers, policy, qa…).
  schema.tags ??= [/^\/v1\/([^/]+)/.exec(doc.url)?.[1] ?? 'operations'];
  const permission = ([doc.route.onRequest ?? []].flat() as { permission?: Permission }[]).find((h) => h.permission)?.permission;
  const config = doc.route.config as { public?: string; signedByIngestKey?: boolean } | undefined;
  if (permission) {
    schema.security ??= [{ bearer: [] }];
    schema.description = [schema.description, `Requires permission \`${permission}\`.`].filter(Boolean).join('\n\n');
  } else if (config?.signedByIngestKey) {
    schema.security ??= [{ ingestKey: [], ingestTimestamp: [], ingestSignature: [] }];
  } else {
    schema.security ??= [];
    if (config?.public) schema.description = [schema.description, `Public: ${config.public}.`].filter(Boolean).join('\n\n');
  }
  return out;
};
