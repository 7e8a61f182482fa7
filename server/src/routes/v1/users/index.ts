import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorBody } from '@shared/schemas/common';
import { AccessChangeBody, InviteBody, InviteReply, UserList, UserParams, UserView } from '@shared/schemas/users';
import { changeAccess, deactivateUser, inviteUser, listUsers, reactivateUser, reissueInvite } from '../../../services/users';
import acceptInvite from './accept-invite';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/**
 * The people of the tenant, for admins: list, invite, deactivate, reactivate, change access.
 * Each change is audit-logged with it and takes effect on the user's sessions and sockets at once.
 */
const route: FastifyPluginAsyncZod = async (app) => {
  app.get('/v1/users', {
    onRequest: app.authorize('users:manage'),
    schema: { response: { 200: UserList, ...errors } },
    handler: async (req) => listUsers(app, req.principal),
  });

  app.post('/v1/users/invitations', {
    onRequest: app.authorize('users:manage'),
    schema: { body: InviteBody, response: { 201: InviteReply, ...errors } },
    handler: async (req, reply) => reply.code(201).send(await inviteUser(app, req.principal, req.body)),
  });

  app.post('/v1/users/:userId/invitation', {
    onRequest: app.authorize('users:manage'),
    schema: { params: UserParams, response: { 200: InviteReply, ...errors } },
    handler: async (req) => reissueInvite(app, req.principal, req.params.userId),
  });

  app.post('/v1/users/:userId/deactivate', {
    onRequest: app.authorize('users:manage'),
    schema: { params: UserParams, response: { 200: UserView, ...errors } },
    handler: async (req) => deactivateUser(app, req.principal, req.params.userId),
  });

  app.post('/v1/users/:userId/reactivate', {
    onRequest: app.authorize('users:manage'),
    schema: { params: UserParams, response: { 200: UserView, ...errors } },
    handler: async (req) => reactivateUser(app, req.principal, req.params.userId),
  });

  app.patch('/v1/users/:userId', {
    onRequest: app.authorize('users:manage'),
    schema: { params: UserParams, body: AccessChangeBody, response: { 200: UserView, ...errors } },
    handler: async (req) => changeAccess(app, req.principal, req.params.userId, req.body),
  });

  await app.register(acceptInvite);
};
export default route;
