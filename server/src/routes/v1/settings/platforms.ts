import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '@shared/schemas/common';
import {
  PLATFORM_CONNECTIONS,
  PlatformConnectionBody,
  PlatformConnectionList,
  PlatformConnectionView,
  PlatformParam,
} from '@shared/schemas/platform-connections';
import { parse } from '@shared/validate';
import { notFound, UserError } from '../../../errors';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The tenant's connections to platforms Leeway calls out to (Genesys Cloud for its interaction
 * widget, Aircall for its insight cards). Admins set and remove them; a read returns settings and
 * never a secret. Each change is audited in the same transaction, naming no secret.
 */
const route: FastifyPluginAsyncZod = async (app) => {
  app.get('/v1/settings/platforms', {
    onRequest: app.authorize('platforms:settings'),
    schema: { response: { 200: PlatformConnectionList, ...errors } },
    handler: async (req) => ({
      connections: (await app.repos.platformConnections.list(req.principal.tenantId)).map((c) => ({
        platform: c.platform as PlatformConnectionView['platform'],
        settings: c.settings as Record<string, unknown>,
        secretSet: true as const,
        updatedAt: iso(c.updatedAt),
      })),
    }),
  });

  app.put('/v1/settings/platforms/:platform', {
    onRequest: app.authorize('platforms:settings'),
    schema: { params: PlatformParam, body: PlatformConnectionBody, response: { 200: PlatformConnectionView, ...errors } },
    handler: async (req) => {
      const { tenantId, userId } = req.principal;
      const { platform } = req.params;
      const shapes = PLATFORM_CONNECTIONS[platform];
      const settings = parse(shapes.settings, req.body.settings, 'body.settings');
      if (!settings.ok) throw new UserError(400, settings.message);
      const kept = req.body.secret === undefined ? await app.repos.platformConnections.get(tenantId, platform) : null;
      if (req.body.secret === undefined && !kept)
        throw new UserError(400, `body.secret: is required the first time ${platform} is connected`);
      const secret = kept ? { ok: true as const, value: kept.secret } : parse(shapes.secret, req.body.secret, 'body.secret');
      if (!secret.ok) throw new UserError(400, secret.message);
      return app.repos.transaction(async () => {
        const at = await app.repos.platformConnections.put(
          tenantId,
          platform,
          { settings: settings.value, secret: secret.value } as never,
          userId,
        );
        await app.repos.audit.record(tenantId, userId, 'platform.connect', `platform:${platform}`, {
          settings: settings.value,
          secretChanged: req.body.secret !== undefined,
        });
        return { platform, settings: settings.value, secretSet: true as const, updatedAt: iso(at) };
      });
    },
  });

  app.delete('/v1/settings/platforms/:platform', {
    onRequest: app.authorize('platforms:settings'),
    schema: { params: PlatformParam, response: { 204: z.null(), ...errors } },
    handler: async (req, reply) => {
      const { tenantId, userId } = req.principal;
      await app.repos.transaction(async () => {
        if (!(await app.repos.platformConnections.remove(tenantId, req.params.platform)))
          throw notFound(`${req.params.platform} is not connected`);
        await app.repos.audit.record(tenantId, userId, 'platform.disconnect', `platform:${req.params.platform}`, {});
      });
      return reply.code(204).send(null);
    },
  });
};
export default route;
