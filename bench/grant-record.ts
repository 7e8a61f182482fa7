/**
 * Server time to record a grant with its budgets (read the policy and usage, evaluate, insert,
 * read usage again, in one transaction under the tenant's lock on a real SQLite file), beside a
 * plain insert of the same row through the same data layer, driver and durability settings.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '../server/src/db/open-sqlite';
import { seedDemo } from '../server/src/demo/seed';
import { createRepositories } from '../server/src/repositories';
import { percentile } from './stats';
import { figure, type Figure } from './types';

export const grantRecordNames = ['grant_record_p50_ms', 'grant_record_p99_ms'];
const N = 2_000;

export async function grantRecord(): Promise<Figure[]> {
  const db = openSqlite(join(mkdtempSync(join(tmpdir(), 'leeway-bench-')), 'bench.db'));
  try {
    const repos = createRepositories(db, { masterKey: randomBytes(32) });
    const { grants } = db.t;
    const seeded = (await seedDemo(repos))!;
    const { tenantId } = seeded.acme;
    const customers = Object.values(seeded.acme.customers).filter((id) => id !== seeded.acme.customers['sam.okafor@example.com']);
    // A senior agent with room in every budget, so each grant is recorded, not refused.
    const userId = await repos.users.create({
      tenantId,
      email: 'bench@acme.test',
      name: 'Bench',
      role: 'agent',
      password: 'x',
      agentLevel: 2,
      team: 'bench',
    });
    const policy = (await repos.policies.current(tenantId))!.document;
    await repos.policies.create(tenantId, {
      document: {
        ...policy,
        agentBudgets: [{ id: 'agent-daily', dailyAmountCents: 1e11, liftedBy: 'team_lead' }],
        teamBudgets: [],
        customerCaps: [],
      },
      createdBy: userId,
    });

    const recordMs: number[] = [];
    const insertMs: number[] = [];
    for (let i = 0; i < N; i++) {
      const customerId = customers[i % customers.length]!;
      const t0 = performance.now();
      const out = await repos.grants.record(
        { tenantId, userId },
        { customerId, action: 'goodwill_gesture', amountCents: 500, reasonCode: null, idempotencyKey: randomUUID() },
      );
      recordMs.push(performance.now() - t0);
      if (!out || out === 'no-policy' || out.status !== 'recorded') throw new Error(`grant not recorded: ${JSON.stringify(out)}`);

      const t1 = performance.now();
      await db.tx(async (tx) => {
        await tx.insert(grants).values({
          id: randomUUID(),
          tenantId,
          idempotencyKey: randomUUID(),
          customerId,
          userId,
          team: 'bench',
          agentLevel: 2,
          customerTier: 'gold',
          customerFlags: [],
          action: 'goodwill_gesture',
          amountCents: 500,
          reasonCode: null,
          policyVersion: 2,
          interactionId: null,
          createdAt: Date.now(),
        });
      });
      insertMs.push(performance.now() - t1);
    }
    return [
      figure('grant_record_p50_ms', percentile(recordMs, 50), 'ms', percentile(insertMs, 50)),
      figure('grant_record_p99_ms', percentile(recordMs, 99), 'ms', percentile(insertMs, 99)),
    ];
  } finally {
    await db.close();
  }
}
