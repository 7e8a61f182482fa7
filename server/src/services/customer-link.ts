/**
 * An unknown requester linked to a customer the agent picked (issue 19): the identities the page
 * showed (email, phone, the requester id on its instance) are added to that customer, audited with
 * the ticket they came from. An identity another customer holds is never moved: the link is refused
 * whole, and merging two records stays a supervisor's decision.
 */
import type { FastifyInstance } from 'fastify';
import { requesterIdentities } from '@shared/requester-words';
import type { CustomerLinked } from '@shared/schemas/customer-link';
import type { Requester } from '@shared/schemas/context';
import { requesterRef, ticketRef } from '@shared/ticket-ref';
import { UserError, notFound } from '../errors';
import type { Principal } from '../plugins/app/auth';
import { requirePinned } from './helpdesk-hosts';

export async function linkRequester(
  app: FastifyInstance,
  who: Principal,
  { interactionId, customerId, requester }: { interactionId: string; customerId: string; requester: Requester },
): Promise<CustomerLinked> {
  const { tenantId, userId } = who;
  const customers = app.repos.customers;
  const open = await customers.openTicketOf(tenantId, userId, interactionId);
  // An interaction from before instances has none: its requester id would mean nothing.
  const ticket = open?.instance ? { ...open, instance: open.instance } : null;
  if (!ticket) throw notFound('This ticket is no longer open in your panel: reopen it, then link the requester');
  await requirePinned(app, tenantId, ticket);
  const given = requesterIdentities(requester, ticket.instance).map((g) => ({
    kind: g.kind,
    value: g.kind === 'helpdesk' ? requesterRef(ticket.helpdesk, ticket.instance, g.canonical) : g.canonical,
    words: g.words,
  }));
  if (!given.length) throw new UserError(400, 'This page shows no email, phone or requester id to link: nothing was linked.');
  return app.db.tx(
    async () => {
      const customer = await customers.linkable(tenantId, customerId);
      if (!customer) throw notFound('No such customer in your organisation: search again and pick one from the list');
      const held = await customers.heldBy(tenantId, given);
      const wordsOf = (h: { kind: string; value: string }) => given.find((g) => g.kind === h.kind && g.value === h.value)!.words;
      const taken = held.filter((h) => h.customerId !== customerId);
      if (taken.length)
        throw new UserError(
          409,
          `${taken.map((h) => `${wordsOf(h)} already belongs to ${h.name}`).join('; ')}, so nothing was linked: an identity is never ` +
            `moved from one customer to another. If they are the same person, ask a supervisor to merge the records.`,
        );
      const fresh = given.filter((g) => !held.some((h) => h.kind === g.kind && h.value === g.value));
      const added = await customers.addIdentities(
        tenantId,
        customerId,
        fresh.map(({ kind, value }) => ({ kind, value })),
      );
      if (added.length < fresh.length)
        throw new UserError(
          409,
          'Someone linked this requester to a customer meanwhile: nothing was linked. Reopen the ticket to see whose it is.',
        );
      await app.repos.interactions.linkCustomer(tenantId, userId, interactionId, customerId);
      const linked = fresh.map((g) => g.words);
      // Masked words only: the log names what was linked without holding the contact details themselves.
      if (linked.length)
        await app.repos.audit.record(tenantId, userId, 'customer.link-identity', `customer:${customerId}`, {
          identities: linked,
          ticket: ticketRef(ticket.helpdesk, ticket.instance, ticket.ticketId),
          interactionId,
        });
      return { customerId, name: customer.name, linked };
    },
    { lock: `identities:${tenantId}` },
  );
}
