import jwt from '@fastify/jwt';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { can, type Permission } from '../../../../shared/permissions';
import { TokenClaims } from '../../../../shared/schemas/auth';
import type { Role } from '../../../../shared/schemas/common';
import type { Config } from '../../config';
import { forbidden, unauthorized } from '../../errors';

export interface Principal {
  userId: string;
  tenantId: string;
  role: Role;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** An onRequest hook that admits only a signed-in user whose role has `permission`. */
    authorize(permission: Permission): ((req: FastifyRequest, reply: FastifyReply) => Promise<void>) & { permission: Permission };
    signToken(p: Principal): { token: string; expiresAt: string };
    verifyToken(token: string): Principal;
  }
  interface FastifyRequest {
    principal: Principal;
  }
}

export default fp<{ config: Config }>(
  async (app, { config }) => {
    await app.register(jwt, { secret: config.jwtSecret, sign: { expiresIn: config.tokenTtl } });
    app.decorateRequest('principal', null as unknown as Principal);

    app.decorate('verifyToken', (token: string): Principal => {
      let claims: unknown;
      try {
        claims = app.jwt.verify(token);
      } catch (e) {
        throw unauthorized(/expired/i.test((e as Error).message) ? 'Your session expired: sign in again' : 'The token is not valid: sign in again');
      }
      const parsed = TokenClaims.safeParse(claims);
      if (!parsed.success) throw unauthorized('The token is not valid: sign in again');
      return { userId: parsed.data.sub, tenantId: parsed.data.tid, role: parsed.data.role };
    });

    app.decorate('signToken', (p: Principal) => {
      const token = app.jwt.sign({ sub: p.userId, tid: p.tenantId, role: p.role });
      const { exp } = app.jwt.decode<{ exp: number }>(token)!;
      return { token, expiresAt: new Date(exp * 1000).toISOString() };
    });

    app.decorate('authorize', (permission: Permission) =>
      // Tagged with its permission so route-rules can list who may call each route.
      Object.assign(
        async (req: FastifyRequest) => {
          const header = req.headers.authorization;
          if (!header?.startsWith('Bearer ')) throw unauthorized('Sign-in required: send the token as "Authorization: Bearer <token>"');
          req.principal = app.verifyToken(header.slice(7));
          if (!can(req.principal.role, permission)) throw forbidden(`Your role (${req.principal.role}) may not ${permission.replace(':', ' ')}`);
        },
        { permission },
      ),
    );
  },
  { name: 'auth' },
);
