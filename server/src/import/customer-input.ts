/**
 * A customer as the import's row schema gives it (a CSV line, an NDJSON line or a REST body), turned
 * into what the customers repository stores. One conversion for the import and the REST route.
 */
import type { CustomerRow } from '@shared/schemas/import';
import type { NewCustomer } from '../repositories/customers';

type Fields = Omit<NewCustomer, 'emails' | 'phones' | 'externalIds' | 'helpdeskIds'>;

/** The stored fields among those given: a field left out stays as it is. */
export function customerFields(r: Partial<CustomerRow>): Partial<Fields> {
  const consent = {
    ...(r.consentMarketing === undefined ? {} : { marketing: r.consentMarketing }),
    ...(r.consentPersonalisation === undefined ? {} : { personalisation: r.consentPersonalisation }),
  };
  const out: Partial<Fields> = {};
  if (r.name !== undefined) out.name = r.name;
  if (r.tier !== undefined) out.tier = r.tier;
  if (r.lifetimeValueCents !== undefined) out.lifetimeValueCents = r.lifetimeValueCents;
  if (r.currency !== undefined) out.currency = r.currency;
  if (r.customerSince !== undefined) out.customerSince = Date.parse(r.customerSince);
  if (r.flags !== undefined) out.flags = r.flags;
  if (Object.keys(consent).length) out.consent = consent;
  return out;
}

/** The identities given: email, phone (each as written; the repository stores them canonical) and external id. */
export function customerIdentities(r: Partial<CustomerRow>): Pick<NewCustomer, 'emails' | 'phones' | 'externalIds'> {
  return {
    emails: r.email ? [r.email] : [],
    phones: r.phone ? [r.phone] : [],
    externalIds: r.externalId ? [r.externalId] : [],
  };
}

/** A whole row: the customer to create or update by its external id. */
export function customerFromRow(r: CustomerRow): { externalId: string; customer: NewCustomer } {
  const { emails, phones } = customerIdentities(r);
  return { externalId: r.externalId, customer: { ...(customerFields(r) as Fields), emails, phones } };
}
