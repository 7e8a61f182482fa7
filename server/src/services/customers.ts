/**
 * Creating and updating customers over REST (admins): the import's validation and conversion,
 * but an identity another customer holds refuses the whole request with a sentence (an import
 * records it as a conflict instead, since it cannot ask). Each write and its audit entry land
 * in one transaction.
 */
import type { FastifyInstance } from 'fastify';
import { maskEmail, maskPhone } from '@shared/identity';
import type { CustomerBody, CustomerPatch, CustomerWritten } from '@shared/schemas/customers';
import { UserError, notFound } from '../errors';
import { customerFields, customerFromRow, customerIdentities } from '../import/customer-input';
import type { Principal } from '../plugins/app/auth';
import { canonicalIdentities } from '../repositories/customers';
import type { IdentityKind } from '../repositories/customers/identities';

type Identity = { kind: IdentityKind; value: string };
const CREATED = 'customer.create';
const UPDATED = 'customer.update';

/** An identity in words that name it without spelling out contact details (they reach logs and audit entries). */
const words = ({ kind, value }: Identity) =>
  kind === 'email' ? `email ${maskEmail(value)}` : kind === 'phone' ? `phone ${maskPhone(value)}` : `externalId ${value}`;

const identitiesOf = (given: Parameters<typeof canonicalIdentities>[0]): Identity[] =>
  canonicalIdentities(given).map(([kind, value]) => ({ kind, value }));

/** Refuses, naming each one, identities that customers other than `self` hold. */
async function refuseTaken(app: FastifyInstance, tenantId: string, wanted: Identity[], self: string | null) {
  const taken = (await app.repos.customers.heldBy(tenantId, wanted)).filter((h) => h.customerId !== self);
  if (taken.length)
    throw new UserError(
      409,
      `${taken.map((h) => `${words(h)} already belongs to ${h.name}`).join('; ')}, so nothing was saved: an identity is never ` +
        'moved from one customer to another. If they are the same person, a supervisor merges the two records.',
    );
}

/** POST: creates the customer, or updates the one its externalId names (so sending it again changes nothing). */
export async function writeCustomer(app: FastifyInstance, who: Principal, body: CustomerBody): Promise<CustomerWritten> {
  const { tenantId, userId } = who;
  const { externalId, customer } = customerFromRow(body);
  const wanted = identitiesOf({ ...customer, externalIds: [externalId] });
  return app.db.tx(
    async () => {
      const [self] = await app.repos.customers.heldBy(tenantId, [{ kind: 'external', value: externalId }]);
      await refuseTaken(app, tenantId, wanted, self?.customerId ?? null);
      const customerId = await app.repos.customers.upsertByExternalId(tenantId, externalId, customer, 'api');
      await app.repos.audit.record(tenantId, userId, self ? UPDATED : CREATED, `customer:${customerId}`, {
        fields: Object.keys(customerFields(body)),
        identities: wanted.map(words),
      });
      return { customerId, created: !self };
    },
    { lock: `customers:${tenantId}` },
  );
}

/** PATCH: the fields given replace theirs; an email, phone or externalId given is added to the customer's identities. */
export async function updateCustomer(
  app: FastifyInstance,
  who: Principal,
  customerId: string,
  patch: CustomerPatch,
): Promise<CustomerWritten> {
  const { tenantId, userId } = who;
  const wanted = identitiesOf(customerIdentities(patch));
  const fields = customerFields(patch);
  return app.db.tx(
    async () => {
      if (!(await app.repos.customers.linkable(tenantId, customerId)))
        throw notFound('No customer with this id in your organisation (or it was merged into another or erased)');
      await refuseTaken(app, tenantId, wanted, customerId);
      await app.repos.customers.updateFields(tenantId, customerId, fields);
      const held = new Set((await app.repos.customers.heldBy(tenantId, wanted)).map((h) => `${h.kind}:${h.value}`));
      await app.repos.customers.addIdentities(
        tenantId,
        customerId,
        wanted.filter((w) => !held.has(`${w.kind}:${w.value}`)),
      );
      await app.repos.audit.record(tenantId, userId, UPDATED, `customer:${customerId}`, {
        fields: Object.keys(fields),
        identities: wanted.map(words),
      });
      return { customerId, created: false };
    },
    { lock: `customers:${tenantId}` },
  );
}
