/**
 * Calls for the resolution-log tests, bound to the file's app: plain SQL on its database from
 * outside it (as someone with database access would), a resolution submitted as the agent, and
 * the tenant's log verified.
 */
import { randomUUID } from 'node:crypto';
import type { TestApp } from './app';

export function resolutionLogHelpers(c: () => { t: TestApp; agent: string; tenantId: string }) {
  const dana = () => c().t.seeded.acme.customers['dana.whitfield@example.com']!;
  /** Plain SQL on the app's database from outside it, as someone with database access would. */
  const sql = async (q: string, ...args: unknown[]) => (await c().t.raw()).run(q, ...args);
  const one = async <T>(q: string, ...args: unknown[]) => (await (await c().t.raw()).one<T>(q, ...args))!;
  const all = async (q: string, ...args: unknown[]) => (await c().t.raw()).all(q, ...args);
  /** Puts a deleted row back as it was (column names as stored). */
  const reinsert = (row: Record<string, unknown>) =>
    sql(
      `insert into resolution_log (${Object.keys(row).join(',')}) values (${Object.keys(row)
        .map(() => '?')
        .join(',')})`,
      ...Object.values(row),
    );
  const resolution = (over: object = {}) => ({
    idempotencyKey: randomUUID(),
    customerId: dana(),
    helpdesk: 'zendesk',
    ticketId: '101',
    outcome: 'resolved',
    category: 'billing',
    note: 'Refunded the double charge; Dana at 555-0100 was happy',
    handleTimeSeconds: 312,
    ...over,
  });
  const submit = (body: object) =>
    c().t.app.inject({ method: 'POST', url: '/v1/resolutions', headers: { authorization: `Bearer ${c().agent}` }, payload: body });
  const verify = () => c().t.app.repos.log.verify(c().tenantId);
  return { dana, sql, one, all, reinsert, resolution, submit, verify };
}
