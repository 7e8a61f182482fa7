import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/database';
import type { NewCustomer } from './identities';

export type CustomerFieldChanges = Partial<Omit<NewCustomer, 'emails' | 'phones' | 'externalIds' | 'helpdeskIds'>>;

/** Changing one customer's stored fields (PATCH /v1/customers/:id); identities go through link's addIdentities. */
export function createCustomerUpdates(db: Database) {
  const { customers } = db.t;
  return {
    /**
     * Sets the fields given, leaving the others; consent flags given are merged into those stored,
     * so saying one choice does not forget the other.
     */
    async updateFields(tenantId: string, customerId: string, changes: CustomerFieldChanges): Promise<void> {
      const { consent, ...rest } = changes;
      await db.tx(async (tx) => {
        const where = and(eq(customers.tenantId, tenantId), eq(customers.id, customerId));
        let merged: Record<string, boolean> | undefined;
        if (consent) {
          const [row] = await tx.select({ consent: customers.consent }).from(customers).where(where).limit(1);
          merged = { ...(row?.consent ?? {}), ...consent };
        }
        const set = { ...rest, ...(merged ? { consent: merged } : {}) };
        if (Object.keys(set).length) await tx.update(customers).set(set).where(where);
      });
    },
  };
}
