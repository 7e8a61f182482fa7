/**
 * Calls for the audit-log tests, bound to the file's app and tokens: any call as anyone, a page
 * of the log as an admin, and the entries one act wrote.
 */
import { expect } from 'vitest';
import type { AuditEntry, AuditPage } from '@shared/schemas/audit';
import type { TestApp } from '../app';

export const ADMIN = 'admin@acme.test';

export function auditHelpers(app: () => TestApp, tok: Record<string, string>) {
  function call(who: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) {
    return app().app.inject({ method, url, headers: { authorization: `Bearer ${tok[who]}` }, ...(payload ? { payload } : {}) });
  }
  async function page(query: Record<string, string | number> = {}, who = ADMIN): Promise<AuditPage> {
    const res = await app().app.inject({
      method: 'GET',
      url: '/v1/audit',
      query: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])),
      headers: { authorization: `Bearer ${tok[who]}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }
  const newest = async () => (await page({ limit: 1 })).entries[0]?.id ?? 0;
  /** The entries `act` wrote, read back through the API. */
  async function during(act: () => Promise<unknown>): Promise<AuditEntry[]> {
    const before = await newest();
    await act();
    return (await page({ limit: 500 })).entries.filter((e) => e.id > before);
  }
  const acme = () => app().seeded.acme;
  const admin = () => ({ id: acme().users.admin, name: 'Ada Admin', email: ADMIN, role: 'admin' });
  const adapterDef = (name: string) => ({
    name,
    matches: ['https://support.audit-helpdesk.test/*'],
    ticketUrl: '/tickets/(\\d+)',
    selectors: { email: '.requester a[href^="mailto:"]' },
  });
  function expectStatus(res: { statusCode: number; body: string; json: () => any }, status: number) {
    expect(res.statusCode, res.body).toBe(status);
    return res.json();
  }
  return { call, page, newest, during, acme, admin, adapterDef, expectStatus };
}
