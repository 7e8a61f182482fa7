/**
 * Genesys Cloud's API, as Leeway uses it for the interaction widget: an OAuth client-credentials
 * token for the tenant's client (the admin's connection), one conversation's participants, and
 * an agent participant's email. Everything it answers is read defensively (a zod shape, unknown
 * fields ignored). From Genesys Cloud's public API reference; inferred where noted: which
 * participant purposes name the caller ('customer', 'external').
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { PlatformSecret, PlatformSettings } from '@shared/schemas/platform-connections';
import { RetryableError, UserError } from '../errors';

type Connection = { settings: PlatformSettings<'genesys'>; secret: PlatformSecret<'genesys'>; updatedAt: number };

const Token = z.looseObject({ access_token: z.string().min(1), expires_in: z.number().positive() });
const Participant = z.looseObject({
  purpose: z.string().optional(),
  userId: z.string().optional(),
  ani: z.string().optional(),
});
const Conversation = z.looseObject({ id: z.string(), participants: z.array(Participant).max(200) });
const User = z.looseObject({ email: z.string().optional() });

/** The caller's side of a conversation (inferred: Genesys names an inbound caller 'customer', an outbound one 'external'). */
const CALLER_PURPOSES = new Set(['customer', 'external']);

export interface GenesysConversation {
  /** The caller's number as Genesys gives it ("tel:+14155550123"); null when it names none. */
  ani: string | null;
  /** Lower-cased emails of the agents on it. */
  agentEmails: string[];
}

/** Tokens by tenant, kept until a minute before they expire; a changed connection gets a new one. */
const tokens = new WeakMap<object, Map<string, { token: string; until: number; version: number }>>();

async function token(app: FastifyInstance, tenantId: string, c: Connection): Promise<string> {
  let kept = tokens.get(app.repos);
  if (!kept) tokens.set(app.repos, (kept = new Map()));
  const hit = kept.get(tenantId);
  if (hit && hit.version === c.updatedAt && hit.until > Date.now()) return hit.token;
  const basic = Buffer.from(`${c.settings.clientId}:${c.secret.clientSecret}`).toString('base64');
  const res = await call(app, `https://login.${c.settings.region}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  if (res.status === 400 || res.status === 401)
    throw new UserError(
      403,
      'Genesys Cloud refused Leeway’s OAuth client: ask your admin to check its client id and secret in Leeway’s settings',
    );
  const t = Token.safeParse(await okJson(res));
  if (!t.success) throw new RetryableError('Genesys Cloud answered its token request with something else: try again');
  kept.set(tenantId, { token: t.data.access_token, until: Date.now() + (t.data.expires_in - 60) * 1000, version: c.updatedAt });
  return t.data.access_token;
}

/** The conversation's caller and agents, in the tenant's Genesys organisation. */
export async function genesysConversation(app: FastifyInstance, tenantId: string, conversationId: string): Promise<GenesysConversation> {
  const c = await app.repos.platformConnections.get(tenantId, 'genesys');
  if (!c) throw new UserError(403, 'Your organisation has not connected Genesys Cloud to Leeway: ask your admin (Settings → Platforms)');
  const bearer = { authorization: `Bearer ${await token(app, tenantId, c)}` };
  const api = `https://api.${c.settings.region}/api/v2`;
  const res = await call(app, `${api}/conversations/${encodeURIComponent(conversationId)}`, { headers: bearer });
  if (res.status === 404) throw new UserError(404, 'This conversation is not in your Genesys Cloud organisation');
  if (res.status === 401 || res.status === 403)
    throw new UserError(
      403,
      'Leeway’s Genesys Cloud client may not read conversations: ask your admin to give its role conversation:communication:view',
    );
  const conv = Conversation.safeParse(await okJson(res));
  if (!conv.success || conv.data.id !== conversationId)
    throw new RetryableError('Genesys Cloud answered with another conversation: try again');
  const caller = conv.data.participants.find((p) => p.purpose && CALLER_PURPOSES.has(p.purpose) && p.ani);
  const agentIds = [...new Set(conv.data.participants.filter((p) => p.purpose === 'agent' && p.userId).map((p) => p.userId!))].slice(0, 10);
  const emails = await Promise.all(
    agentIds.map(async (id) => {
      const u = User.safeParse(await okJson(await call(app, `${api}/users/${encodeURIComponent(id)}`, { headers: bearer })));
      return u.success && u.data.email ? u.data.email.toLowerCase() : null;
    }),
  );
  return { ani: caller?.ani ?? null, agentEmails: emails.filter((e): e is string => !!e) };
}

async function call(app: FastifyInstance, url: string, init: RequestInit): Promise<Response> {
  try {
    return await app.platformFetch(url, init);
  } catch (cause) {
    // The URL and headers carry no secret worth logging, and are not logged: only that Genesys did not answer.
    throw new RetryableError('Genesys Cloud did not answer: try again in a moment', 2, { cause });
  }
}

async function okJson(res: Response): Promise<unknown> {
  if (!res.ok) throw new RetryableError(`Genesys Cloud answered ${res.status}: try again in a moment`, 2);
  return res.json().catch(() => null);
}
