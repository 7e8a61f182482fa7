/**
 * The soak's people and customers, added to a demo database (the server may be running: WAL).
 * Agents and supervisors are cloned from the demo's agent and team lead, as
 * bench/exception-round-trip.ts does, each in a team of their own lead: `soak-<k>`.
 */
import { hash } from '@node-rs/argon2';
import { randomUUID } from 'node:crypto';
import { openSqlite } from '../../server/src/db/open-sqlite';
import { DEMO_PASSWORD } from '../../server/src/demo/seed';
import { createCustomersRepository } from '../../server/src/repositories/customers';
import type { SoakPlan } from './soak-types';

export interface SoakSize {
  agents: number;
  supervisors: number;
  customers: number;
}

const TIERS = ['standard', 'silver', 'gold', 'platinum'] as const;

export async function seedSoak(dbFile: string, size: SoakSize): Promise<Omit<SoakPlan, 'url' | 'ingestKey'>> {
  // The cheapest Argon2id parameters: the same sign-in code verifies them, but 2,050 sign-ins
  // then take seconds, not the ~30 s of CPU the production parameters would cost at set-up.
  const passwordHash = await hash(DEMO_PASSWORD, { memoryCost: 1024, timeCost: 1 });
  const db = openSqlite(dbFile);
  const sqlite = db.sqlite;
  try {
    const customersRepo = createCustomersRepository(db);
    const tenantId = (sqlite.prepare("select id from tenants where slug = 'acme'").get() as { id: string }).id;
    const clone = (from: string) =>
      sqlite.prepare(
        `insert into users (id, tenant_id, email, name, role, agent_level, team, approval_level, on_duty, password_hash, created_at)
         select ?, tenant_id, ?, ?, role, agent_level, ?, approval_level, 0, ?, created_at from users where email = '${from}'`,
      );
    const cloneLead = clone('lead@acme.test');
    const cloneAgent = clone('agent@acme.test');

    const plan: Omit<SoakPlan, 'url' | 'ingestKey'> = { password: DEMO_PASSWORD, customers: [], agents: [], supervisors: [] };
    await db.tx(async () => {
      for (let k = 0; k < size.supervisors; k++) {
        const email = `soak-lead-${k}@acme.test`;
        cloneLead.run(randomUUID(), email, `Soak Lead ${k}`, `soak-${k}`, passwordHash);
        plan.supervisors.push({ email });
      }
      for (let c = 0; c < size.customers; c++) {
        const email = `soak-customer-${c}@example.com`;
        const id = await customersRepo.upsertByExternalId(
          tenantId,
          `soak-${c}`,
          {
            name: `Soak Customer ${c}`,
            tier: TIERS[c % TIERS.length]!,
            lifetimeValueCents: 10_000 * (c + 1),
            customerSince: Date.UTC(2024, 0, 1),
            emails: [email],
          },
          'soak',
        );
        plan.customers.push({ id, email });
      }
      for (let a = 0; a < size.agents; a++) {
        const email = `soak-agent-${a}@acme.test`;
        const lead = Math.floor((a * size.supervisors) / size.agents); // teams of consecutive agents, each watching different customers
        cloneAgent.run(randomUUID(), email, `Soak Agent ${a}`, `soak-${lead}`, passwordHash);
        plan.agents.push({ email, customer: a % size.customers, lead });
      }
    });
    return plan;
  } finally {
    await db.close();
  }
}
