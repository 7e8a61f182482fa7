/** Where a tenant's helpdesks live, and how to read the ones Leeway has no adapter for. */
import type { Kit } from './kit.sqlite';
import type { AccountTables } from './accounts';

export function helpdeskTables(k: Kit, { tenants, users }: Pick<AccountTables, 'tenants' | 'users'>) {
  const { table, text, ms, json, uniqueIndex, primaryKey } = k;

  /**
   * Declarative adapters an admin defines for helpdesks Leeway has no built-in adapter for:
   * where they live and how to read a ticket off their pages. The extension fetches them,
   * asks for the origin's permission and registers its content script there at run time.
   */
  const helpdeskAdapters = table(
    'helpdesk_adapters',
    {
      id: text('id').primaryKey(),
      tenantId: text('tenant_id')
        .notNull()
        .references(() => tenants.id),
      name: text('name').notNull(),
      /** The definition (URL pattern, id regex, selectors), validated by shared/schemas/adapters.ts. */
      definition: json('definition').notNull(),
      createdBy: text('created_by')
        .notNull()
        .references(() => users.id),
      createdAt: ms('created_at').notNull(),
      updatedAt: ms('updated_at').notNull(),
    },
    (t) => [uniqueIndex('helpdesk_adapters_name').on(t.tenantId, t.name)],
  );

  /**
   * The exact hosts of a tenant's helpdesks (acme.zendesk.com), set by an admin. The extension
   * runs only there, and the server refuses interactions from any other host: a page on someone
   * else's account under the same helpdesk's domain is not the tenant's.
   */
  const helpdeskHosts = table(
    'helpdesk_hosts',
    {
      tenantId: text('tenant_id')
        .notNull()
        .references(() => tenants.id),
      host: text('host').notNull(),
      addedBy: text('added_by').notNull(),
      addedAt: ms('added_at').notNull(),
    },
    (t) => [primaryKey({ columns: [t.tenantId, t.host] })],
  );

  return { helpdeskAdapters, helpdeskHosts };
}

export type HelpdeskTables = ReturnType<typeof helpdeskTables>;
