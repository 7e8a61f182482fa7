/**
 * The demo tenant: a user per role, customers with identities and recent events, and an
 * ingest key. Idempotent: an existing demo tenant is left as it is (but for the history, added once).
 */
import type { IngestEvent } from '@shared/schemas/customer-events';
import type { Repositories } from '../repositories';
import type { NewCustomer } from '../repositories/customers';
import { PolicyDocument } from '@shared/schemas/policy';
import { DEMO_POLICY } from './policy';
import { seedDemoOffers, seedDemoOffersOnce } from './offers';
import { DEFAULT_SCORECARD } from '@shared/qa/scorecard';
import { requesterRef, ticketRef } from '@shared/ticket-ref';
import { ACME_HELPDESK_HOSTS, GLOBEX_HELPDESK_HOSTS } from './hosts';
import { seedDemoHistory } from './history';

export const DEMO_PASSWORD = 'leeway-demo';
const DAY = 24 * 3600 * 1000;
/**
 * `daysAgo` in minutes, for the open tickets: their ages against the tier's first-response target
 * (signals/compute.ts SLA_MINUTES) make most within it, Dana's near it and Marco's breached, as a
 * real queue is, so the SLA chip means something.
 */
const minutes = (m: number) => m / (24 * 60);

interface DemoCustomer extends NewCustomer {
  events: (Pick<IngestEvent, 'type' | 'data'> & { daysAgo: number })[];
}

const ACME_CUSTOMERS: DemoCustomer[] = [
  {
    name: 'Dana Whitfield',
    tier: 'gold',
    lifetimeValueCents: 482_000,
    customerSince: Date.UTC(2021, 2, 14),
    consent: { marketing: true, personalisation: true },
    emails: ['dana.whitfield@example.com'],
    phones: ['+14155550100'],
    helpdeskIds: [
      requesterRef('zendesk', 'acme.zendesk.com', '9001'),
      requesterRef('gorgias', 'acme.gorgias.com', '5001'),
      requesterRef('kustomer', 'acme.kustomerapp.com', '64b7f0c2a1b2c3d4e5f60001'),
      requesterRef('servicenow', 'acme.service-now.com', '6816f79cc0a8016401c5a33be04b9001'),
    ],
    events: [
      {
        daysAgo: minutes(40),
        type: 'page.visited',
        data: { url: 'https://shop.example.com/account/cancel', title: 'Cancel subscription page' },
      },
      {
        // Gold, 2 h target: 20 minutes left.
        daysAgo: minutes(100),
        type: 'contact.opened',
        data: { channel: 'email', ticketRef: ticketRef('zendesk', 'acme.zendesk.com', '101'), subject: 'Charged twice for October' },
      },
      { daysAgo: 3, type: 'survey.answered', data: { survey: 'csat', score: 2, comment: 'Still waiting on my refund' } },
      { daysAgo: 9, type: 'order.placed', data: { orderId: 'A-10442', amountCents: 12_900, currency: 'USD' } },
      { daysAgo: 40, type: 'subscription.changed', data: { from: 'Basic', to: 'Plus' } },
    ],
  },
  {
    name: 'Marco Rossi',
    tier: 'platinum',
    lifetimeValueCents: 1_240_000,
    customerSince: Date.UTC(2019, 6, 2),
    consent: { marketing: false, personalisation: true },
    emails: ['marco.rossi@example.com'],
    helpdeskIds: [
      requesterRef('zendesk', 'acme.zendesk.com', '9002'),
      requesterRef('gorgias', 'acme.gorgias.com', '5002'),
      requesterRef('kustomer', 'acme.kustomerapp.com', '64b7f0c2a1b2c3d4e5f60002'),
      requesterRef('servicenow', 'acme.service-now.com', '6816f79cc0a8016401c5a33be04b9002'),
    ],
    events: [
      { daysAgo: 0.5, type: 'order.placed', data: { orderId: 'A-10501', amountCents: 54_000, currency: 'USD' } },
      {
        // Platinum, 1 h target: 20 minutes over, the one breached.
        daysAgo: minutes(80),
        type: 'contact.opened',
        data: { channel: 'chat', ticketRef: ticketRef('zendesk', 'acme.zendesk.com', '102'), subject: 'Delivery date for order A-10501' },
      },
      { daysAgo: 30, type: 'survey.answered', data: { survey: 'nps', score: 9 } },
    ],
  },
  {
    name: 'Priya Natarajan',
    tier: 'standard',
    lifetimeValueCents: 18_000,
    customerSince: Date.UTC(2026, 8, 20),
    emails: ['priya@example.com'],
    events: [
      // Standard, 8 h target: well within.
      {
        daysAgo: minutes(45),
        type: 'contact.opened',
        data: { channel: 'email', ticketRef: ticketRef('zendesk', 'acme.zendesk.com', '105'), subject: 'Which size to reorder' },
      },
      { daysAgo: 4, type: 'order.placed', data: { orderId: 'A-10480', amountCents: 18_000, currency: 'USD' } },
    ],
  },
  {
    name: 'Sam Okafor',
    tier: 'silver',
    lifetimeValueCents: 96_500,
    customerSince: Date.UTC(2023, 0, 9),
    flags: ['chargeback_open'],
    emails: ['sam.okafor@example.com'],
    phones: ['+14155550123'],
    events: [{ daysAgo: 6, type: 'payment.failed', data: { amountCents: 4_900, currency: 'USD', reason: 'card expired' } }],
  },
];

const GLOBEX_CUSTOMERS: DemoCustomer[] = [
  {
    name: 'Hank Scorpio',
    tier: 'platinum',
    lifetimeValueCents: 9_900_000,
    customerSince: Date.UTC(2018, 4, 1),
    emails: ['hank@globex.example'],
    events: [
      // Platinum, 1 h target: 50 minutes left.
      {
        daysAgo: minutes(10),
        type: 'contact.opened',
        data: { channel: 'chat', ticketRef: ticketRef('zendesk', 'globex.zendesk.com', '7'), subject: 'A copy of the November invoice' },
      },
    ],
  },
];

/**
 * `history`: also weeks of past work for acme (history/index.ts), added once, to a new or an existing
 * demo. Off unless asked: `--demo` asks (main.ts, see wantsDemoHistory); tests and benches count the bare demo.
 */
export async function seedDemo(repos: Repositories, now = Date.now(), history = false) {
  if (await repos.tenants.bySlug('acme')) {
    await pinDemoHostsOnce(repos);
    await seedDemoOffersOnce(repos);
    if (history) await seedDemoHistory(repos, now);
    return null;
  }
  const acme = await seedTenant(repos, 'acme', 'Acme', ACME_CUSTOMERS, now, [...ACME_HELPDESK_HOSTS]);
  await repos.tenants.createIngestKey(acme.tenantId, 'acme-demo');
  const globex = await seedTenant(repos, 'globex', 'Globex', GLOBEX_CUSTOMERS, now, [...GLOBEX_HELPDESK_HOSTS]);
  await repos.tenants.createIngestKey(globex.tenantId, 'globex-demo');
  if (history) await seedDemoHistory(repos, now);
  return { tenantSlug: 'acme', acme, globex };
}

/**
 * A demo database from before pinned hosts: give its tenants their hosts once, so the demo keeps
 * working after the upgrade. Pinning also scopes their legacy rows by the one rule (migration 0010).
 */
async function pinDemoHostsOnce(repos: Repositories) {
  for (const [slug, hosts] of [
    ['acme', ACME_HELPDESK_HOSTS],
    ['globex', GLOBEX_HELPDESK_HOSTS],
  ] as const) {
    const tenant = await repos.tenants.bySlug(slug);
    const admin = await repos.users.byEmail(`admin@${slug}.test`);
    if (tenant && admin && (await repos.helpdeskHosts.list(tenant.id)).length === 0)
      await repos.helpdeskHosts.replace(tenant.id, admin.id, [...hosts]);
  }
}

async function seedTenant(repos: Repositories, slug: string, name: string, list: DemoCustomer[], now: number, hosts: string[]) {
  const tenantId = await repos.tenants.create(slug, name);
  const users = {
    agent: await repos.users.create({
      tenantId,
      email: `agent@${slug}.test`,
      name: 'Alex Agent',
      role: 'agent',
      password: DEMO_PASSWORD,
      agentLevel: 1,
      team: 'billing',
    }),
    senior: await repos.users.create({
      tenantId,
      email: `senior@${slug}.test`,
      name: 'Sasha Senior',
      role: 'agent',
      password: DEMO_PASSWORD,
      agentLevel: 2,
      team: 'billing',
    }),
    supervisor: await repos.users.create({
      tenantId,
      email: `lead@${slug}.test`,
      name: 'Lee Lead',
      role: 'supervisor',
      password: DEMO_PASSWORD,
      team: 'billing',
      approvalLevel: 'team_lead',
    }),
    lead2: await repos.users.create({
      tenantId,
      email: `lead2@${slug}.test`,
      name: 'Robin Lead',
      role: 'supervisor',
      password: DEMO_PASSWORD,
      team: 'billing',
      approvalLevel: 'team_lead',
    }),
    otherLead: await repos.users.create({
      tenantId,
      email: `returns-lead@${slug}.test`,
      name: 'Remy Returns',
      role: 'supervisor',
      password: DEMO_PASSWORD,
      team: 'returns',
      approvalLevel: 'team_lead',
    }),
    manager: await repos.users.create({
      tenantId,
      email: `manager@${slug}.test`,
      name: 'Morgan Manager',
      role: 'supervisor',
      password: DEMO_PASSWORD,
      team: '*',
      approvalLevel: 'manager',
    }),
    director: await repos.users.create({
      tenantId,
      email: `director@${slug}.test`,
      name: 'Dee Director',
      role: 'supervisor',
      password: DEMO_PASSWORD,
      team: '*',
      approvalLevel: 'director',
    }),
    auditor: await repos.users.create({
      tenantId,
      email: `auditor@${slug}.test`,
      name: 'Audrey Auditor',
      role: 'auditor',
      password: DEMO_PASSWORD,
    }),
    admin: await repos.users.create({ tenantId, email: `admin@${slug}.test`, name: 'Ada Admin', role: 'admin', password: DEMO_PASSWORD }),
  };
  await repos.policies.create(tenantId, {
    document: PolicyDocument.parse(DEMO_POLICY),
    effectiveFrom: Date.UTC(2026, 0, 1),
    note: 'Demo policy',
    createdBy: users.admin,
  });
  await seedDemoOffers(repos, tenantId, users.admin);
  // QA: the default scorecard as version 1, so reviews start from it.
  if (!(await repos.qa.scorecard(tenantId)))
    await repos.qa.createScorecard(tenantId, DEFAULT_SCORECARD.criteria, DEFAULT_SCORECARD.note ?? null, users.admin);
  await repos.helpdeskHosts.replace(tenantId, users.admin, hosts);
  const customers: Record<string, string> = {};
  for (const { events, ...c } of list) {
    const customerId = await repos.customers.create(tenantId, c);
    customers[c.emails![0]!] = customerId;
    for (const [i, e] of events.entries()) {
      const occurredAt = new Date(now - e.daysAgo * DAY).toISOString();
      await repos.events.record(tenantId, customerId, {
        ...e,
        id: `demo-${customerId}-${i}`,
        occurredAt,
        customer: { id: customerId },
      } as IngestEvent);
    }
  }
  return { tenantId, users, customers };
}
