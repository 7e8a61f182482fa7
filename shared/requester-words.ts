/**
 * A page's requester identities in words an agent reads: never raw identity codes
 * (`zendesk@acme.zendesk.com:9003`); emails and phones masked as the panel shows contact details.
 */
import { canonicalEmail, canonicalPhone, maskEmail, maskPhone } from './identity';

/** `requester #9003 on acme.zendesk.com`: an id means something only on its own instance. */
export const requesterIdWords = (helpdeskId: string, instance: string): string => `requester #${helpdeskId} on ${instance}`;

/** Each identity a requester gives, canonical (to store and look up) and in words (to show). */
export function requesterIdentities(r: { email?: string; phone?: string; helpdeskId?: string }, instance: string) {
  const out: { kind: 'email' | 'phone' | 'helpdesk'; canonical: string; words: string }[] = [];
  const email = r.email ? canonicalEmail(r.email) : null;
  const phone = r.phone ? canonicalPhone(r.phone) : null;
  if (email) out.push({ kind: 'email', canonical: email, words: maskEmail(email) });
  if (phone) out.push({ kind: 'phone', canonical: phone, words: maskPhone(phone) });
  if (r.helpdeskId) out.push({ kind: 'helpdesk', canonical: r.helpdeskId, words: requesterIdWords(r.helpdeskId, instance) });
  return out;
}
