/**
 * The caller of a call on a contact-center desktop whose platform confirms its calls to Leeway
 * (an admin's setting, PUT /v1/settings/calls): the platform's signed lifecycle events
 * (POST /v1/ingest/calls) name the caller and the agent, so what the page posts counts for
 * nothing. A script on the desktop's page could otherwise choose which customer the panel shows.
 *
 * The page usually sees a call ring before the platform's event reaches Leeway, so an opening
 * waits a moment for it (CONFIRM_WAIT_MS; read again after 0.1 s, then ever less often, at most
 * once a second, since the event may land on another process, and a page posting made-up contacts
 * costs a few reads each). A call is opened for the agent it is with, or while it is nobody's yet
 * (ringing in a queue); never another agent's, nor one that ended before it reached anyone.
 */
import type { FastifyInstance } from 'fastify';
import type { CallDesktopId } from '@shared/schemas/calls';
import type { InteractionOpen, Requester } from '@shared/schemas/context';
import type { CallRow } from '../repositories/calls';
import { forbidden, UserError } from '../errors';

export const CONFIRM_WAIT_MS = 5000;
const FIRST_RETRY_MS = 100;
const LAST_RETRY_MS = 1000;

const NAMES: Record<CallDesktopId, string> = { 'amazon-connect': 'Amazon Connect', 'twilio-flex': 'Twilio Flex' };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function heardOf(app: FastifyInstance, tenantId: string, platform: CallDesktopId, contactId: string): Promise<CallRow | null> {
  const until = Date.now() + CONFIRM_WAIT_MS;
  for (let wait = FIRST_RETRY_MS; ; wait = Math.min(wait * 2, LAST_RETRY_MS)) {
    const row = await app.repos.calls.get(tenantId, platform, contactId);
    const left = until - Date.now();
    if (row || left <= 0) return row;
    await sleep(Math.min(wait, left));
  }
}

export function confirmedCaller(platform: CallDesktopId) {
  return async (app: FastifyInstance, who: { tenantId: string; userId: string }, p: InteractionOpen): Promise<Requester> => {
    if (!(await app.repos.calls.confirmedBy(who.tenantId)).includes(platform)) return p.requester;
    const name = NAMES[platform];
    const call = await heardOf(app, who.tenantId, platform, p.ticketId);
    if (!call)
      throw new UserError(
        409,
        `${name} has not told Leeway of this call yet, and your organisation takes the caller only from ${name}. Try again in a moment; if this stays, ask your admin to check that ${name}'s call events reach Leeway.`,
      );
    if (call.agentUserId && call.agentUserId !== who.userId)
      throw forbidden(`${name} says this call is with another agent: the panel shows a caller only to the agent on the call.`);
    if (!call.agentUserId && call.endedAt !== null)
      throw forbidden(`${name} says this call ended before it reached an agent: there is no caller to show.`);
    // A chat's customer is named by the page still: the platform's events carry a phone number only.
    if (call.channel === 'chat') return p.requester;
    return call.callerE164 ? { phone: call.callerE164 } : {};
  };
}
