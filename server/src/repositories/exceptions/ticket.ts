import { and, desc, eq, isNull, or } from 'drizzle-orm';
import type { ExceptionView } from '@shared/schemas/exceptions';
import { parseTicketRef } from '@shared/ticket-ref';
import type { Database } from '../../db/database';
import type { ExceptionBase } from './base';

/** The requests one agent raised from one ticket, as its panel shows them again after a switch or a reconnect. */
export function createExceptionTicket(db: Database, base: ExceptionBase) {
  const { exceptions, interactions } = db.t;

  /**
   * This agent's latest request raised on the ticket, under any of its forms (`refs`, from
   * sameTicketRefs): a request lives on its interaction, and the ticket is the interaction's.
   * Tenant and agent both bound: another agent's request on the same ticket is theirs to follow.
   */
  async function latestOnTicket(tenantId: string, agentId: string, refs: readonly string[]): Promise<ExceptionView | null> {
    const forms = refs.map(parseTicketRef).filter((r) => r !== null);
    if (!forms.length) return null;
    const [row] = await db.q
      .select({ e: exceptions })
      .from(exceptions)
      .innerJoin(interactions, and(eq(interactions.id, exceptions.interactionId), eq(interactions.tenantId, tenantId)))
      .where(
        and(
          eq(exceptions.tenantId, tenantId),
          eq(exceptions.agentId, agentId),
          or(
            ...forms.map((f) =>
              and(
                eq(interactions.helpdesk, f.helpdesk),
                eq(interactions.ticketId, f.id),
                f.instance === null ? isNull(interactions.instance) : eq(interactions.instance, f.instance),
              ),
            ),
          ),
        ),
      )
      .orderBy(desc(exceptions.createdAt), desc(exceptions.id))
      .limit(1);
    return row ? base.viewOf(row.e) : null;
  }

  return { latestOnTicket };
}
