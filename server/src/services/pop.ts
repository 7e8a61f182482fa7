/**
 * A screen-pop URL's verification (shared/pop-signature.ts): the ingest key it names, its
 * signature, its age. The same check for the page a platform opens (routes/pop.ts) and for the
 * panel that opens the call from it (sockets/interaction.handlers.ts), so a forged or stale pop
 * neither says "incoming call" nor opens anyone.
 */
import type { FastifyInstance } from 'fastify';
import { readCallerNumber } from '@shared/caller-number';
import { POP_FUTURE_S, POP_VALID_S, popSignatureMatches } from '@shared/pop-signature';
import type { Requester } from '@shared/schemas/context';
import type { PopQuery } from '@shared/schemas/pop';
import { forbidden, UserError } from '../errors';
import { ingestKeyFor } from './ingest-keys';

export type PopCheck =
  | { ok: true; tenantId: string; caller: ReturnType<typeof readCallerNumber>; agent: string; contact: string }
  | { ok: false; status: 401 | 410; message: string };

export async function verifyPop(app: FastifyInstance, q: PopQuery, now = Date.now()): Promise<PopCheck> {
  const key = await ingestKeyFor(app, q.key);
  if (!key)
    return {
      ok: false,
      status: 401,
      message: 'This pop link names no active key of your organisation: ask your admin for the pop link setup.',
    };
  if (!popSignatureMatches(key.secret, q, q.sig))
    return {
      ok: false,
      status: 401,
      message: 'This pop link’s signature does not match: it was changed after it was signed, or signed with another key.',
    };
  const age = now / 1000 - q.ts;
  if (age > POP_VALID_S || age < -POP_FUTURE_S)
    return {
      ok: false,
      status: 410,
      message: `This pop link is from ${new Date(q.ts * 1000).toISOString()} and pop links are valid for ${POP_VALID_S / 60} minutes: the call has been answered or has ended.`,
    };
  return { ok: true, tenantId: key.tenantId, caller: readCallerNumber(q.ani), agent: q.agent.toLowerCase(), contact: q.contact };
}

/**
 * The caller of a screen pop the extension opens: only from a pop that verifies, was signed by
 * this agent's organisation, for this agent, about this very call.
 */
export async function popCaller(
  app: FastifyInstance,
  who: { tenantId: string; userId: string },
  p: { ticketId: string; pop?: PopQuery },
): Promise<Requester> {
  if (!p.pop) throw new UserError(400, 'pop is required on a screen-pop page: the signed link the platform opened');
  const check = await verifyPop(app, p.pop);
  if (!check.ok) throw forbidden(check.message);
  const user = await app.repos.users.inTenant(who.tenantId, who.userId);
  if (check.tenantId !== who.tenantId || !user || user.email.toLowerCase() !== check.agent)
    throw forbidden('This pop link is for another agent: it opens the panel only for the agent it names.');
  if (check.contact !== p.ticketId) throw new UserError(400, 'ticketId must be the pop’s contact');
  return check.caller.kind === 'number' ? { phone: check.caller.e164 } : {};
}
