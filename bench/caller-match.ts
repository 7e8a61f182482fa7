/**
 * Caller matching (issue 22): 10,000 numbers as phone desktops and CRMs write them (test/support/
 * phone-variants.ts), each of a known caller: the demo customers with a phone, 500 more known by
 * their phone (some by nothing else), and pairs who both claim one number. `caller_match_rate` is
 * the share answered right (the holder; a conflict for a shared number); `caller_wrong_matches`
 * counts numbers answered with another customer (goal 0: an ambiguous number is never a guess).
 * Also the lookup's cost per call.
 */
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '../server/src/db/open-sqlite';
import { seedDemo } from '../server/src/demo/seed';
import { createRepositories } from '../server/src/repositories';
import type { CallerMatch } from '../server/src/repositories/customers';
import { aPhoneNumber, phoneVariants } from '../test/support/phone-variants';
import { percentile } from './stats';
import { figure, type Figure } from './types';

export const callerMatchNames = ['caller_match_rate', 'caller_wrong_matches', 'caller_lookup_p50_ms'];
const CALLS = 10_000;
const MORE_CUSTOMERS = 500;
const SHARED_PAIRS = 20;

export async function callerMatchBench(): Promise<Figure[]> {
  const db = openSqlite(join(mkdtempSync(join(tmpdir(), 'leeway-bench-')), 'bench.db'), 'NORMAL');
  try {
    const repos = createRepositories(db, { masterKey: randomBytes(32) });
    const seeded = (await seedDemo(repos))!;
    const tenantId = seeded.acme.tenantId;
    const numbers = fc.sample(
      fc.uniqueArray(aPhoneNumber, {
        minLength: MORE_CUSTOMERS + SHARED_PAIRS,
        maxLength: MORE_CUSTOMERS + SHARED_PAIRS,
        selector: (n) => n.e164,
      }),
      {
        numRuns: 1,
        seed: 22,
      },
    )[0]!;
    /** What each number must answer: its one holder, or the pair that both claim it. */
    const expected = new Map<string, string[]>([
      ['+14155550100', [seeded.acme.customers['dana.whitfield@example.com']!]],
      ['+14155550123', [seeded.acme.customers['sam.okafor@example.com']!]],
    ]);
    // Stored as an import or a CRM wrote it ("212/555-0142", "+1 212 555 0142 x3"…), not already clean.
    const written = (e164: string, seed: number) => fc.sample(phoneVariants(e164, 'US'), { numRuns: 1, seed })[0]!;
    const customer = (name: string, e164: string, seed: number) =>
      repos.customers.create(tenantId, {
        name,
        tier: 'standard',
        lifetimeValueCents: 0,
        customerSince: Date.now(),
        phones: [written(e164, seed)],
      });
    for (const [i, n] of numbers.entries()) {
      const first = await customer(`Caller ${i}`, n.e164, i);
      expected.set(n.e164, i < SHARED_PAIRS ? [first, await customer(`Caller ${i} too`, n.e164, -i - 1)].sort() : [first]);
    }
    const callers = [...expected.keys()];
    const calls = fc.sample(
      fc.constantFrom(...callers).chain((e164) => phoneVariants(e164, 'US').map((line) => ({ e164, line }))),
      { numRuns: CALLS, seed: 22 },
    );
    let right = 0;
    let wrong = 0;
    const ms: number[] = [];
    for (const { e164, line } of calls) {
      const t = performance.now();
      const m: CallerMatch = await repos.customers.whoIsCalling(tenantId, line, 'US');
      ms.push(performance.now() - t);
      const want = expected.get(e164)!;
      const got = m.status === 'known' ? [m.customerId] : m.status === 'conflict' ? m.customerIds : [];
      if (got.length && got.join() === want.join()) right++;
      else if (got.some((id) => !want.includes(id))) wrong++;
    }
    console.error(
      `    ${CALLS} calls over ${callers.length} numbers (${SHARED_PAIRS} shared by two customers): ${right} right, ${wrong} wrong`,
    );
    return [
      figure('caller_match_rate', right / CALLS, 'ratio'),
      figure('caller_wrong_matches', wrong, 'count'),
      figure('caller_lookup_p50_ms', percentile(ms, 50), 'ms'),
    ];
  } finally {
    await db.close();
  }
}
