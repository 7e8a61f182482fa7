/**
 * The caller of a call on a contact-center desktop whose platform confirms its calls to Leeway
 * (an admin's setting, PUT /v1/settings/calls): the platform's signed lifecycle events
 * (POST /v1/ingest/calls) name the caller and the agent, so what the page posts counts for
 * nothing. A script on the desktop's page could otherwise choose which customer the panel shows.
 *
 * The page usually sees a call ring before the platform's event reaches Leeway, so an opening
 * waits a moment for it (CONFIRM_WAIT_MS; read again after 0.1 s, then ever less often, at most
 * once a second, since the event may land on another process), at most MAX_WAITING at once per
 * agent, and not after the panel's connection is gone.
 *
 * Which calls open (calls the page can name by id, so each rule closes a way to a past caller):
 * - the agent's own call: live, while it is their latest voice call (chats run side by side) and
 *   became theirs less than LIVE_MAX_MS ago (an end the platform never told of does not keep it
 *   open for good); or ended within ENDED_GRACE_MS with no call of theirs since (after-call work,
 *   a reload). Never an earlier caller while they are on a newer call;
 * - a call no agent has yet only while it rings, for UNANSWERED_RING_MS: answered, the events must
 *   name the agent (an email that is no Leeway user names nobody, and then nobody opens it);
 * - never another agent's call.
 * A chat's customer is still the page's reading, within the same rules: the events carry a phone
 * number only.
 */
import type { FastifyInstance } from 'fastify';
import { CALL_DESKTOP_NAMES } from '@shared/call-desktops';
import type { CallDesktopId } from '@shared/schemas/calls';
import type { InteractionOpen, Requester } from '@shared/schemas/context';
import type { CallRow } from '../repositories/calls';
import { forbidden, RetryableError, UserError } from '../errors';

export const CONFIRM_WAIT_MS = 5000;
const FIRST_RETRY_MS = 100;
const LAST_RETRY_MS = 1000;
export const MAX_WAITING = 3;
export const ENDED_GRACE_MS = 15 * 60_000;
export const UNANSWERED_RING_MS = 30 * 60_000;
export const LIVE_MAX_MS = 4 * 3_600_000;

/** Who asks, and whether their connection still wants the answer. */
export interface Asker {
  tenantId: string;
  userId: string;
  live?: () => boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Openings waiting for a platform's word, per agent (this process). */
const waiting = new Map<string, number>();

async function heardOf(app: FastifyInstance, who: Asker, platform: CallDesktopId, contactId: string): Promise<CallRow | null> {
  const until = Date.now() + CONFIRM_WAIT_MS;
  for (let wait = FIRST_RETRY_MS; ; wait = Math.min(wait * 2, LAST_RETRY_MS)) {
    const row = await app.repos.calls.get(who.tenantId, platform, contactId);
    const left = until - Date.now();
    if (row || left <= 0 || who.live?.() === false) return row;
    await sleep(Math.min(wait, left));
  }
}

async function waitFor(app: FastifyInstance, who: Asker, platform: CallDesktopId, contactId: string): Promise<CallRow | null> {
  const key = `${who.tenantId}:${who.userId}`;
  const n = waiting.get(key) ?? 0;
  if (n >= MAX_WAITING)
    throw new UserError(
      429,
      `${MAX_WAITING} calls already wait for ${CALL_DESKTOP_NAMES[platform]}'s word on your panels: try again in a few seconds.`,
    );
  waiting.set(key, n + 1);
  try {
    return await heardOf(app, who, platform, contactId);
  } finally {
    const left = (waiting.get(key) ?? 1) - 1;
    if (left) waiting.set(key, left);
    else waiting.delete(key);
  }
}

/** Why this agent may not open this call now; null when they may. */
async function refusal(app: FastifyInstance, who: Asker, platform: CallDesktopId, call: CallRow, now: number): Promise<string | null> {
  const name = CALL_DESKTOP_NAMES[platform];
  if (call.agentUserId && call.agentUserId !== who.userId)
    return `${name} says this call is with another agent: the panel shows a caller only to the agent on the call.`;
  if (!call.agentUserId) {
    if (call.state !== 'ringing')
      return `${name} names no Leeway agent on this call: the panel shows its caller only to the agent it names (ask your admin to check that its call events give each agent's Leeway email).`;
    if (call.ringingAt !== null && now - call.ringingAt > UNANSWERED_RING_MS)
      return `${name} says this call has rung for more than ${UNANSWERED_RING_MS / 60_000} minutes without an agent: answer it, then try again.`;
    return null;
  }
  const over = `${name} says this call is over: the panel shows the caller of your current call only.`;
  const { calls } = app.repos;
  if (call.endedAt !== null)
    return now - call.endedAt > ENDED_GRACE_MS || (await calls.agentCallSince(who.tenantId, platform, who.userId, call.endedAt))
      ? over
      : null;
  const mine = call.agentAt ?? call.connectedAt ?? call.ringingAt ?? call.updatedAt;
  if (now - mine > LIVE_MAX_MS)
    return `${name} gave this call to you more than ${LIVE_MAX_MS / 3_600_000} hours ago and never said it ended: the panel shows the caller of your current call only.`;
  if (call.channel === 'voice' && (await calls.agentCallSince(who.tenantId, platform, who.userId, mine, 'voice'))) return over;
  return null;
}

export function confirmedCaller(platform: CallDesktopId) {
  return async (app: FastifyInstance, who: Asker, p: InteractionOpen): Promise<Requester> => {
    if (!(await app.repos.calls.confirmedBy(who.tenantId)).includes(platform)) return p.requester;
    const name = CALL_DESKTOP_NAMES[platform];
    const call = await waitFor(app, who, platform, p.ticketId);
    if (!call)
      throw new RetryableError(
        `${name} has not told Leeway of this call yet, and your organisation takes the caller only from ${name}. Try again in a moment; if this stays, ask your admin to check that ${name}'s call events reach Leeway.`,
      );
    const why = await refusal(app, who, platform, call, Date.now());
    if (why) throw forbidden(why);
    if (call.channel === 'chat') return p.requester;
    return call.callerE164 ? { phone: call.callerE164 } : {};
  };
}
