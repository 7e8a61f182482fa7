import fp from 'fastify-plugin';
import { HANDSHAKE_RETRY } from '@shared/events';
import { dbFault } from '../db/errors';
import { UserError } from '../errors';
import { forgetStaleRooms } from '../lifecycle/recovery';
import { joinExceptionRooms } from './exception.handlers';
import { forgetConnection } from '../services/pushed-panels';
import { eventDispatcher } from './handle';
import { handlers } from './handlers';
import { closeInteractionsOf } from './interaction.handlers';
import { bindToSession, forgetSessionEnd } from './session';
import { sessionCapRefusal, trimSessionToCap } from './session-cap';
import type { LeewaySocket } from './types';

/**
 * Socket authentication (the handshake carries the signed token) and a handler for every event
 * of the contract (handlers.ts; shared/events.ts says how to add one). The listeners are built
 * once per server and shared by every connection, which keeps only its state, in socket.data:
 * thousands of sockets must not each carry a copy of every handler (bench/soak.ts measures it).
 */
export default fp(
  async (app) => {
    const dispatch = eventDispatcher(app, handlers);
    const onDisconnect = function (this: LeewaySocket) {
      forgetSessionEnd(this);
      closeInteractionsOf(app, this);
      forgetConnection(this);
    };
    app.io.use(async (socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown }).token;
      if (typeof token !== 'string') return next(new Error('Sign-in required: connect with auth.token'));
      try {
        socket.data.principal = await app.verifyToken(token);
        socket.data.interactions = new Map();
        // Checked once: a live socket is never asked for it again (session.ts ends it with its session), so it is not kept.
        socket.handshake.auth = {};
      } catch (e) {
        // The database failing to answer says nothing about the token: never "sign in again" for it.
        const fault = dbFault(e);
        if (fault) return next(new Error(`The server cannot check your sign-in right now (${fault.message}); ${HANDSHAKE_RETRY}`));
        return next(new Error(e instanceof UserError ? e.message : 'The token is not valid: sign in again'));
      }
      let full: string | null = null;
      try {
        full = await sessionCapRefusal(app.io, socket.data.principal.sessionId);
      } catch (err) {
        // A process that just died leaves the count unanswered: let the handshake in rather than refuse everyone meanwhile.
        app.log.warn({ err }, 'the sockets of a session could not be counted');
      }
      next(full ? new Error(full) : undefined);
    });
    app.io.on('connection', (socket) => {
      bindToSession(app, socket).catch((err) => app.log.error({ err }, 'binding a socket to its session failed'));
      trimSessionToCap(app.io, socket).catch((err) => app.log.warn({ err }, 'the sockets of a session could not be trimmed to the cap'));
      forgetStaleRooms(socket);
      // onAny runs before socket.io's per-socket middlewares (socket.use, none here): a guard added there would not cover events.
      socket.onAny(dispatch);
      socket.on('disconnect', onDisconnect);
      // After the handlers listen, so no early event is dropped.
      joinExceptionRooms(app, socket).catch((err) => app.log.error({ err }, 'joining the exception rooms failed'));
    });
  },
  { name: 'sockets', dependencies: ['socket-io', 'auth', 'db'] },
);
