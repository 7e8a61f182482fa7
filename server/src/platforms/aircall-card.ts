/**
 * The insight card for a ringing call: what the panel would show the agent first, in a few lines
 * of Aircall's phone app. A known caller: name, tier, the signals worth a glance, hard stops and
 * what the agent may grant. A number two customers claim names both and picks neither, as the
 * panel does; a withheld or unknown number says so. Only what the agent would see in the panel:
 * never a contact detail (the panel masks them), an id, a key or a token. The link (when there is
 * one) opens the full panel for this call.
 */
import type { FastifyInstance } from 'fastify';
import type { InsightCard, InsightCardLine } from '@shared/schemas/aircall';
import type { CallerMatch } from '../repositories/customers/caller';
import { signalsFor } from '../services/context';
import { mayGrant } from './aircall-allowance';

const MAX_TEXT = 200;
const clip = (s: string) => (s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT - 1)}…` : s);
const line = (label: string, text: string, link?: string | null): InsightCardLine => ({
  type: 'shortText',
  label,
  text: clip(text),
  ...(link ? { link } : {}),
});
const title = (text: string, link: string | null): InsightCardLine => ({ type: 'title', text: clip(text), ...(link ? { link } : {}) });
const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export interface CardInput {
  tenantId: string;
  match: CallerMatch;
  /** The Leeway user on the call, when Aircall names one Leeway knows in this tenant. */
  agentUserId: string | null;
  link: string | null;
}

export async function insightCard(app: FastifyInstance, c: CardInput): Promise<InsightCard> {
  const open = c.link ? [line('Full panel', 'Open in Leeway', c.link)] : [];
  const m = c.match;
  if (m.status === 'known') {
    const known = await knownCaller(app, c.tenantId, m.customerId, c.agentUserId, c.link);
    if (known) return { contents: [...known, ...open] };
  }
  if (m.status === 'conflict') {
    const names = await Promise.all(m.customerIds.map(async (id) => (await app.repos.customers.profile(c.tenantId, id))?.name));
    const both = names.filter((n): n is string => !!n);
    return {
      contents: [
        title('Not sure who this caller is', c.link),
        line('Number shared by', both.join(' and ')),
        line('Ask', 'Ask who is calling before acting for anyone: the panel’s search finds them'),
        ...open,
      ],
    };
  }
  const why =
    m.status === 'withheld'
      ? 'The caller withheld their number'
      : m.status === 'unreadable'
        ? 'The number the line shows is not one Leeway can read'
        : 'No customer has this number';
  return { contents: [title('Unknown caller', c.link), line('Caller', why), line('Find them', 'Search in the Leeway panel'), ...open] };
}

/** Null when the customer is gone since the match (erased, merged): then the card says unknown. */
async function knownCaller(
  app: FastifyInstance,
  tenantId: string,
  customerId: string,
  agentUserId: string | null,
  link: string | null,
): Promise<InsightCardLine[] | null> {
  const [profile, signals] = await Promise.all([
    app.repos.customers.profile(tenantId, customerId),
    signalsFor(app, tenantId, customerId, null),
  ]);
  if (!profile || !signals) return null;
  const grant = await mayGrant(app, tenantId, { id: customerId, tier: profile.tier, flags: profile.flags }, agentUserId);
  const lines = [title(profile.name, link), line('Tier', capitalised(profile.tier))];
  for (const stop of grant.stops.slice(0, 2)) lines.push(line('Stop', stop));
  const { churn, repeatContact, cautions } = signals;
  if (churn.level !== 'low')
    lines.push(
      line('Churn risk', `${capitalised(churn.level)}${churn.reasons.length ? `: ${churn.reasons.slice(0, 2).join(' · ')}` : ''}`),
    );
  if (repeatContact.count > 0) lines.push(line('Repeat contact', `${repeatContact.count + 1} in ${repeatContact.days} days`));
  for (const caution of cautions.slice(0, 2)) lines.push(line('Caution', caution));
  if (grant.text) lines.push(line(grant.label, grant.text));
  return lines;
}
