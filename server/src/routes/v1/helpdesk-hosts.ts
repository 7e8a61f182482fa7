import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorBody } from '@shared/schemas/common';
import { HelpdeskHosts, HelpdeskHostsBody } from '@shared/schemas/helpdesk-hosts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

/**
 * The tenant's pinned helpdesk hosts. Every signed-in user reads them (the extension runs only
 * on them); admins set the whole list at once, audit-logged with what was added and removed.
 */
const route: FastifyPluginAsyncZod = async (app) => {
  app.get('/v1/helpdesk-hosts', {
    onRequest: app.authorize('helpdesk-hosts:read'),
    schema: { response: { 200: HelpdeskHosts, ...errors } },
    handler: async (req) => ({ hosts: await app.repos.helpdeskHosts.list(req.principal.tenantId) }),
  });

  app.put('/v1/helpdesk-hosts', {
    onRequest: app.authorize('helpdesk-hosts:write'),
    schema: { body: HelpdeskHostsBody, response: { 200: HelpdeskHosts, ...errors } },
    handler: async (req) => {
      const { tenantId, userId } = req.principal;
      // The new list and its audit entry in one transaction, under the lock the replacement takes.
      const change = await app.repos.transaction(
        async () => {
          const change = await app.repos.helpdeskHosts.replace(tenantId, userId, req.body.hosts);
          await app.repos.audit.record(tenantId, userId, 'helpdesk-hosts.update', 'helpdesk-hosts', {
            added: change.added,
            removed: change.removed,
            scoped: change.scoped,
          });
          return change;
        },
        { lock: `helpdesk-hosts:${tenantId}` },
      );
      return { hosts: change.hosts };
    },
  });
};
export default route;
