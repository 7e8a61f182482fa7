/**
 * Bulk import throughput beside raw inserts of the same rows through the same data layer and
 * driver, and the server time of a context snapshot (profile, identities, tickets, recent
 * events, signals) for a customer with 10,000 events.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { openSqlite } from '../server/src/db/open-sqlite';
import { seedDemo } from '../server/src/demo/seed';
import { runImport } from '../server/src/import/run-import';
import { createRepositories } from '../server/src/repositories';
import { customerContext } from '../server/src/services/context';
import { percentile } from './stats';
import { figure, type Figure } from './types';

export const customerContextNames = ['import_rows_per_s', 'import_rows_per_s_vs_raw', 'context_snapshot_p50_ms', 'context_snapshot_p99_ms'];
const ROWS = 50_000;
const EVENTS = 10_000;

export async function customerContextBench(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'leeway-bench-ctx-'));
  const db = openSqlite(join(dir, 'ctx.db'));
  try {
    const repos = createRepositories(db, { masterKey: randomBytes(32) });
    const seeded = (await seedDemo(repos))!;
    const tenantId = seeded.acme.tenantId;

    // Import: validation, normalisation, upsert, conflict checks, batches of 1,000 in a savepoint each (a row at a time only when one is refused).
    const file = join(dir, 'customers.csv');
    const row = (i: number) =>
      `crm-${i},Customer ${i},customer${i}@example.org,+1415${String(2_000_000 + i).padStart(7, '0')},silver,${i},USD,2024-01-01,,yes`;
    writeFileSync(
      file,
      [
        'externalId,name,email,phone,tier,lifetimeValueCents,currency,customerSince,flags,consentMarketing',
        ...Array.from({ length: ROWS }, (_, i) => row(i)),
      ].join('\n'),
    );
    let t0 = performance.now();
    const report = await runImport({ db, repos, tenantId, kind: 'customers', file });
    const importRate = report.imported / ((performance.now() - t0) / 1000);
    if (report.imported !== ROWS) throw new Error(`imported ${report.imported} of ${ROWS}`);

    // Raw: the same rows (customer + its three identities) inserted as is, no checks, same batches, same data layer and driver.
    const raw = await repos.tenants.create('raw', 'Raw');
    const { customers, identities } = db.t;
    const batch = (from: number) =>
      db.tx(async (tx) => {
        const rows = Array.from({ length: Math.min(ROWS, from + 1000) - from }, (_, k) => ({ i: from + k, id: randomUUID() }));
        await tx.insert(customers).values(
          rows.map(({ i, id }) => ({
            id,
            tenantId: raw,
            name: `Customer ${i}`,
            tier: 'silver' as const,
            lifetimeValueCents: i,
            currency: 'USD',
            customerSince: Date.UTC(2024, 0, 1),
            flags: [],
            consent: { marketing: true },
            createdAt: Date.now(),
          })),
        );
        await tx.insert(identities).values(
          rows.flatMap(({ i, id }) => [
            { tenantId: raw, kind: 'email' as const, value: `customer${i}@example.org`, customerId: id },
            { tenantId: raw, kind: 'phone' as const, value: `+1415${String(2_000_000 + i).padStart(7, '0')}`, customerId: id },
            { tenantId: raw, kind: 'external' as const, value: `crm-${i}`, customerId: id },
          ]),
        );
      });
    t0 = performance.now();
    for (let from = 0; from < ROWS; from += 1000) await batch(from);
    const rawRate = ROWS / ((performance.now() - t0) / 1000);

    // A customer with 10,000 events over the last year, then snapshots as the panel asks for them.
    const dana = seeded.acme.customers['dana.whitfield@example.com']!;
    const types = ['order.placed', 'page.visited', 'contact.opened', 'survey.answered', 'payment.failed'] as const;
    const data = (t: (typeof types)[number], i: number) =>
      t === 'order.placed'
        ? { orderId: `O-${i}`, amountCents: 1000 + i, currency: 'USD' }
        : t === 'page.visited'
          ? { url: `https://shop.example.com/p/${i}` }
          : t === 'contact.opened'
            ? { channel: 'email', ticketRef: `zendesk:${10_000 + i}` }
            : t === 'survey.answered'
              ? { survey: 'csat', score: (i % 5) + 1 }
              : { amountCents: 500, currency: 'USD' };
    await db.tx(async () => {
      for (let i = 0; i < EVENTS; i++) {
        const type = types[i % types.length]!;
        await repos.events.record(tenantId, dana, {
          id: `bench-${i}`,
          type,
          occurredAt: new Date(Date.now() - (i / EVENTS) * 365 * 86_400_000).toISOString(),
          customer: { id: dana },
          data: data(type, i),
        } as never);
      }
    });
    const app = Fastify();
    app.decorate('repos', repos);
    const samples: number[] = [];
    for (let i = 0; i < 220; i++) {
      const t = performance.now();
      const ctx = await customerContext(app, tenantId, dana, ['zendesk@acme.zendesk.com:101']);
      if (i >= 20) samples.push(performance.now() - t);
      if (ctx?.recentEvents.length !== 20) throw new Error('bad snapshot');
    }
    await app.close();
    return [
      figure('import_rows_per_s', importRate, '1/s', rawRate),
      figure('import_rows_per_s_vs_raw', importRate / rawRate, 'ratio'),
      figure('context_snapshot_p50_ms', percentile(samples, 50), 'ms'),
      figure('context_snapshot_p99_ms', percentile(samples, 99), 'ms'),
    ];
  } finally {
    await db.close();
  }
}
