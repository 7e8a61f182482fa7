import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { canonicalEmail, canonicalPhone, maskEmail, maskPhone } from '@shared/identity';
import { CUSTOMER_SEARCH_LIMIT, type CustomerSearchHit } from '@shared/schemas/customer-link';
import type { Database } from '../../db/database';

/** `%` and `_` are the query's own characters, not wildcards. */
const likeEscaped = (v: string) => v.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Finding a tenant's customers by part of a name, or by a whole email or phone number, for the
 * agent to pick one. Contacts match whole only: a part would answer "is this in their email?",
 * and growing the part a character at a time would spell out what the masked answer hides.
 */
export function createCustomerSearch(db: Database) {
  const { customers, identities } = db.t;
  return {
    /** At most CUSTOMER_SEARCH_LIMIT live customers (not merged away, not erased), by name; contacts masked. */
    async search(tenantId: string, query: string): Promise<CustomerSearchHit[]> {
      const text = `%${likeEscaped(query.trim().toLowerCase())}%`;
      // Stored canonical, so compared canonical: "Dana.Whitfield@Example.com" and "(415) 555-0100" find Dana.
      const email = canonicalEmail(query);
      const phone = canonicalPhone(query);
      const heldAs = (kind: 'email' | 'phone', value: string | null) =>
        value === null
          ? undefined
          : inArray(
              customers.id,
              db.q
                .select({ id: identities.customerId })
                .from(identities)
                .where(and(eq(identities.tenantId, tenantId), eq(identities.kind, kind), eq(identities.value, value))),
            );
      const rows = await db.q
        .select({ id: customers.id, name: customers.name, tier: customers.tier })
        .from(customers)
        .where(
          and(
            eq(customers.tenantId, tenantId),
            isNull(customers.mergedInto),
            isNull(customers.erasedAt),
            or(sql`lower(${customers.name}) like ${text} escape '\\'`, heldAs('email', email), heldAs('phone', phone)),
          ),
        )
        .orderBy(asc(customers.name), asc(customers.id))
        .limit(CUSTOMER_SEARCH_LIMIT);
      if (!rows.length) return [];
      const contacts = await db.q
        .select({ customerId: identities.customerId, kind: identities.kind, value: identities.value })
        .from(identities)
        .where(
          and(
            eq(identities.tenantId, tenantId),
            inArray(
              identities.customerId,
              rows.map((r) => r.id),
            ),
            inArray(identities.kind, ['email', 'phone']),
          ),
        )
        .orderBy(asc(identities.value));
      const first = (id: string, kind: string) => contacts.find((c) => c.customerId === id && c.kind === kind)?.value ?? null;
      return rows.map((r) => {
        const email = first(r.id, 'email');
        const phone = first(r.id, 'phone');
        return { ...r, contact: { email: email && maskEmail(email), phone: phone && maskPhone(phone) } };
      });
    },
  };
}
