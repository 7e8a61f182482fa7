import fp from 'fastify-plugin';
import { HANDSHAKE_RETRY } from '@shared/events';
import { dbFault } from '../db/errors';
import { UserError } from '../errors';
import { forgetStaleRooms } from '../lifecycle/recovery';
import { joinExceptionRooms } from './exception.handlers';
import { listen } from './handle';
import { handlers } from './handlers';
import { closeInteractionsOnDisconnect } from './interaction.handlers';
import { bindToSession } from './session';
import { sessionCapRefusal, trimSessionToCap } from './session-cap';
import { answerUnknownEvents } from './unknown-events';

/**
 * Socket authentication (the handshake carries the signed token) and, per connection,
 * a handler for every event of the contract (handlers.ts; shared/events.ts says how to add one).
 */
export default fp(
  async (app) => {
    app.io.use(async (socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown }).token;
      if (typeof token !== 'string') return next(new Error('Sign-in required: connect with auth.token'));
      try {
        socket.data.principal = await app.verifyToken(token);
        socket.data.interactions = new Map();
        socket.data.tickets = new Map();
        socket.data.unknownRequesters = new Map();
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
      answerUnknownEvents(socket);
      forgetStaleRooms(socket);
      listen(app, socket, handlers);
      closeInteractionsOnDisconnect(app, socket);
      // After the handlers listen, so no early event is dropped.
      joinExceptionRooms(app, socket).catch((err) => app.log.error({ err }, 'joining the exception rooms failed'));
    });
  },
  { name: 'sockets', dependencies: ['socket-io', 'auth', 'db'] },
);
