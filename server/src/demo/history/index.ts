/**
 * Six weeks of history for the demo tenant (acme), so every chart and queue in the QA console
 * shows something real: resolutions with grants and decided exceptions, surveys, weekly review
 * queues with reviews, two disputes and a calibration, and the suggested offers each contact
 * showed. Deterministic (seeded), idempotent (a tenant that has it gets nothing more) and one
 * transaction: all of it or none.
 */
import { actorKey } from '../../idempotency';
import type { Repositories } from '../../repositories';
import { atTime, seededRandom } from './clock';
import { HISTORY_CUSTOMERS } from './customers';
import { qaOverWeeks } from './qa';
import { dayOfWork, type Logged, type People, type Step } from './resolutions';

const DAY = 86_400_000;
export const HISTORY_WEEKS = 6;

/**
 * Whether `--demo` seeds the history: yes for a person trying the product, no under test (the
 * tests count rows in the demo tenant), unless LEEWAY_DEMO_HISTORY says otherwise (1 or 0).
 */
export function wantsDemoHistory(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.LEEWAY_DEMO_HISTORY === '1') return true;
  if (env.LEEWAY_DEMO_HISTORY === '0') return false;
  return env.NODE_ENV !== 'test';
}

/** The history, unless the tenant already has it; returns how many resolutions it logged (0: already there). */
export async function seedDemoHistory(repos: Repositories, now = Date.now(), slug = 'acme'): Promise<number> {
  const tenant = await repos.tenants.bySlug(slug);
  if (!tenant) return 0;
  const user = async (email: string) => (await repos.users.byEmail(`${email}@${slug}.test`))!.id;
  const who: People = {
    tenantId: tenant.id,
    agent: await user('agent'),
    senior: await user('senior'),
    lead: await user('lead'),
    lead2: await user('lead2'),
    auditor: await user('auditor'),
    admin: await user('admin'),
  };
  // The first resolution's key marks a tenant that has the history.
  if (await repos.log.byIdempotencyKey(tenant.id, actorKey(who.agent, 'demo-resolution-1'))) return 0;
  if (await repos.log.byIdempotencyKey(tenant.id, actorKey(who.senior, 'demo-resolution-1'))) return 0;
  return repos.inTenantTransaction(tenant.id, async () => {
    const rng = seededRandom(19);
    // Whole weeks from a Monday six weeks back; today and yesterday stay as the live demo leaves them.
    const today = now - (now % DAY);
    const monday = today - ((new Date(today).getUTCDay() + 6) % 7) * DAY;
    const weeks = Array.from({ length: HISTORY_WEEKS }, (_, i) => monday - (HISTORY_WEEKS - i) * DAY * 7);
    const customers: string[] = [];
    await atTime(weeks[0]! - 30 * DAY, async () => {
      for (const c of HISTORY_CUSTOMERS) customers.push(await repos.customers.create(tenant.id, c));
    });
    const steps: Step[] = [];
    const logged: Logged[] = [];
    const counter = { n: 0, exceptions: 0 };
    const offerRng = seededRandom(23);
    for (let day = weeks[0]!; day < today - DAY; day += DAY)
      dayOfWork(repos, who, customers, rng, day, counter, steps, logged, now, offerRng);
    qaOverWeeks(repos, who, weeks, rng, steps, logged, now);
    // In time order, as it happened: the log's sequence follows its clock.
    steps.sort((a, b) => a.at - b.at);
    for (const s of steps) await atTime(s.at, s.run);
    return logged.length;
  });
}
