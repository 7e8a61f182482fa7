import { and, eq, inArray } from 'drizzle-orm';
import { canonicalEmail, canonicalPhone, maskEmail, maskPhone } from '@shared/identity';
import { requesterIdWords } from '@shared/requester-words';
import { requesterRef } from '@shared/ticket-ref';
import type { PageIdentity, Requester } from '@shared/schemas/context';
import type { CustomerRef } from '@shared/schemas/customer-events';
import type { Database } from '../../db/database';
import { claimantsOf, numberDisputants } from './caller';
import type { IdentityKind, IdentityStore } from './identities';

/** Who a helpdesk page's requester is: one customer, nobody, or identities that disagree. */
export type RequesterMatch =
  | { status: 'known' | 'unknown'; customerId: string | null; tried: string[] }
  | { status: 'conflict'; customerId: null; tried: string[]; identities: PageIdentity[]; message: string };

/** Which customer a webhook or a helpdesk page names. */
export function createCustomerLookups(db: Database, store: IdentityStore) {
  const { byIdentity } = store;
  const { customers } = db.t;
  const namesOf = async (tenantId: string, ids: string[]) =>
    new Map(
      (
        await db.q
          .select({ id: customers.id, name: customers.name })
          .from(customers)
          .where(and(eq(customers.tenantId, tenantId), inArray(customers.id, ids)))
      ).map((c) => [c.id, c.name]),
    );

  async function sharedNumber(tenantId: string, e164: string, claimants: string[], tried: string[]): Promise<RequesterMatch> {
    const names = await namesOf(tenantId, claimants);
    const who = claimants.map((id) => names.get(id) ?? 'another customer');
    return {
      status: 'conflict',
      customerId: null,
      tried,
      identities: who.map((customer) => ({ kind: 'phone' as const, value: maskPhone(e164), customer })),
      message: `The number ${maskPhone(e164)} is on the records of ${who.join(' and ')}. No customer is shown; ask who is calling and find them by name, and a supervisor can correct or merge the records.`,
    };
  }

  return {
    /** The customer a webhook names, within this tenant only (inside a transaction, read in it). */
    async resolveRef(tenantId: string, ref: CustomerRef): Promise<string | null> {
      if (ref.id) {
        const [row] = await db.q
          .select({ id: customers.id, into: customers.mergedInto })
          .from(customers)
          .where(and(eq(customers.tenantId, tenantId), eq(customers.id, ref.id)))
          .limit(1);
        return row ? (row.into ?? row.id) : null;
      }
      // The first identity given that someone holds, in this order.
      const attempts: [IdentityKind, string | null | undefined][] = [
        ['email', ref.email && canonicalEmail(ref.email)],
        ['phone', ref.phone && canonicalPhone(ref.phone)],
        ['external', ref.externalId],
      ];
      for (const [kind, value] of attempts) {
        const id = await byIdentity(tenantId, kind, value ?? null);
        if (id) return id;
      }
      return null;
    },

    /**
     * The customer a helpdesk page shows, from every identity it gives, and the identities tried
     * (in words, masked, for the panel's "unknown" note). The requester id counts only on its own instance
     * (`zendesk@acme.zendesk.com:9001`). When the identities disagree — two of them held by
     * different customers, or an email that is not the matched customer's — it is a conflict,
     * never a match: the page may show another account's requester under a reused id.
     */
    async resolveRequester(tenantId: string, page: { helpdesk: string; instance: string }, r: Requester): Promise<RequesterMatch> {
      const given: { kind: IdentityKind; value: string; shown: string; masked: string }[] = [];
      const email = r.email ? canonicalEmail(r.email) : null;
      const phone = r.phone ? canonicalPhone(r.phone) : null;
      // `shown`: what the panel's "unknown" note says, in words and masked, never an identity code.
      if (email) given.push({ kind: 'email', value: email, shown: maskEmail(email), masked: maskEmail(email) });
      if (phone) given.push({ kind: 'phone', value: phone, shown: maskPhone(phone), masked: maskPhone(phone) });
      if (r.helpdeskId) {
        given.push({
          kind: 'helpdesk',
          value: requesterRef(page.helpdesk, page.instance, r.helpdeskId),
          shown: requesterIdWords(r.helpdeskId, page.instance),
          masked: `${r.helpdeskId} on ${page.instance}`,
        });
      }
      const tried = given.map((g) => g.shown);
      const [held, disputants] = await Promise.all([
        Promise.all(given.map((g) => byIdentity(tenantId, g.kind, g.value))),
        phone ? numberDisputants(db, tenantId, phone) : [],
      ]);
      // The phone's holder was just read with the rest: the number's claimants need only its disputes besides.
      const phoneClaims = phone ? claimantsOf(held[given.findIndex((g) => g.kind === 'phone')] ?? null, disputants) : [];
      const holders = [...new Set(held.filter((h): h is string => !!h))];
      // A number two customers claim (a shared line, a household) names neither: the agent asks who is calling.
      if (phoneClaims.length > 1) return await sharedNumber(tenantId, phone!, phoneClaims, tried);
      if (!holders.length) return { status: 'unknown', customerId: null, tried };
      // An email is the strongest thing a page shows: one that is not the matched customer's means another person.
      const emailDisagrees = email !== null && held[0] !== holders[0];
      if (holders.length === 1 && !emailDisagrees) return { status: 'known', customerId: holders[0]!, tried };
      const names = await namesOf(tenantId, holders);
      const identities = given.map((g, i) => ({
        kind: g.kind as PageIdentity['kind'],
        value: g.masked,
        customer: held[i] ? (names.get(held[i]!) ?? 'another customer') : null,
      }));
      const parts = identities.map(
        (p) => `${p.kind === 'helpdesk' ? 'requester' : p.kind} ${p.value} is ${p.customer ? `${p.customer}'s` : "nobody's"}`,
      );
      return {
        status: 'conflict',
        customerId: null,
        tried,
        identities,
        message: `This page's requester does not add up: ${parts.join(', ')}. No customer is shown; check the ticket's requester, and a supervisor can correct or merge the records.`,
      };
    },
  };
}
