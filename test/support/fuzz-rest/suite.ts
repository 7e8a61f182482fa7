/**
 * The REST fuzz suite (see fuzz-rest.test.ts), run for one shard of the routes: each shard is its
 * own test file with its own server, so the pool runs them side by side.
 */
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import type { z } from 'zod';
import { PERMISSIONS } from '@shared/permissions';
import type { Role } from '@shared/schemas/common';
import * as F from '../fuzz';
import { describePayload, examples, hasBody, key, type Parts, problem, type Route, send, urlOf } from './requests';
import { startFuzzRestApp, USER_OF } from './samples';
import { changedTables, integrityCheck, rowCounts } from '../row-counts';

/** The role a route is called as, where the first role its permission allows would be refused by the route's own rule. */
const ROLE_OF: Record<string, Role> = {
  // A dispute is settled by a second reviewer: not the auditor who scored it.
  'POST /v1/qa/disputes/:disputeId/decision': 'admin',
};
/**
 * Refusals that write on purpose, with why: everything else refused must leave every table as it was.
 */
const REFUSALS_RECORDED: Record<string, string[]> = {
  // Failed sign-ins are counted for throttling and audited.
  'POST /v1/auth/sign-in': ['sign_in_failures', 'audit_log'],
  // A reused refresh token ends its session and is audited.
  'POST /v1/auth/refresh': ['audit_log'],
};

const sessionRoute = (r: Route) => r.url.startsWith('/v1/auth/');

/** Fuzzes every `shards`-th route, starting at `shard`, on a server of its own. */
export async function fuzzRest(shard: number, shards: number): Promise<void> {
  const { t, tokens, ingestKey, samples } = await startFuzzRestApp();
  afterAll(() => t.close());

  // Routes that end or start sessions go last, each with tokens of its own (signed in now, before the
  // sign-in fuzz throttles this address), so signing out cannot disarm the others.
  const all = t.app.routeList.filter((r) => r.method !== 'OPTIONS').sort((a, b) => Number(sessionRoute(a)) - Number(sessionRoute(b)));
  // This shard's share: every `shards`-th route, so the shards' files run side by side.
  const routes = all.filter((_, i) => i % shards === shard);
  const roleOf = (r: Route) => ('permission' in r.rule ? (ROLE_OF[key(r)] ?? (PERMISSIONS[r.rule.permission][0] as Role)) : undefined);
  const sessionTokens = new Map<string, { fuzz: string; big: string }>();
  for (const r of routes.filter(sessionRoute)) {
    const role = roleOf(r);
    if (role) sessionTokens.set(key(r), { fuzz: await t.token(USER_OF[role]), big: await t.token(USER_OF[role]) });
  }

  it('finds the routes to fuzz', () => {
    expect(all.length).toBeGreaterThan(40);
    expect(routes.length).toBeGreaterThan(0);
  });

  it.each(routes.map((r) => [key(r), r] as const))(
    '%s answers hostile input with a 4xx that says why, and writes nothing when it refuses',
    async (name, r) => {
      const valid = examples(r, samples);
      const schema = (r.schema ?? {}) as { params?: z.ZodType; querystring?: z.ZodType; body?: z.ZodType };
      const role = roleOf(r);
      const token = role && (sessionTokens.get(name)?.fuzz ?? tokens[role]);
      const allowedWrites = REFUSALS_RECORDED[name] ?? [];

      /** Sends `parts` and returns what is wrong, if anything; counts rows around it. */
      async function attempt(
        parts: Parts,
        raw?: { payload: string | Buffer; contentType?: string; mustRefuse: boolean },
      ): Promise<string | null> {
        const u = urlOf(r, parts);
        const body = raw ? undefined : F.overTheWire(parts.body);
        const isValid = (s: z.ZodType | undefined, v: unknown) => !s || s.safeParse(v).success;
        const schemaValid =
          isValid(schema.params, u.params) &&
          isValid(schema.querystring, u.query) &&
          (!hasBody(r) || raw !== undefined || isValid(schema.body, body));
        const mustRefuse = raw ? raw.mustRefuse : u.exact && !schemaValid;
        const before = await rowCounts(await t.raw());
        const res = await send(
          t,
          ingestKey,
          r,
          { url: u.url, ...(raw ? raw : hasBody(r) && parts.body !== undefined ? { payload: JSON.stringify(parts.body) } : {}) },
          token,
        );
        const wrote = res.status >= 400 ? changedTables(before, await rowCounts(await t.raw()), allowedWrites) : [];
        const p = problem(res, mustRefuse, wrote);
        return p && `${name} ${raw ? 'raw body' : `url ${u.url.slice(0, 200)} body ${describePayload(parts.body)}`}: ${p}`;
      }

      // 1. Generated: one part broken at a time, the others valid.
      const arms: fc.Arbitrary<Parts>[] = [];
      if (hasBody(r)) arms.push(F.hostilePayloads(valid.body, schema.body).map((body) => ({ ...valid, body })));
      if (Object.keys(valid.params).length)
        arms.push(
          fc
            .tuple(fc.constantFrom(...Object.keys(valid.params)), F.hostileUrlText)
            .map(([k, v]) => ({ ...valid, params: { ...valid.params, [k]: v } })),
        );
      if (schema.querystring || r.method === 'GET') {
        arms.push(
          F.mutationsOf(valid.query).map((q) => ({
            ...valid,
            query: (q && typeof q === 'object' && !Array.isArray(q) ? q : { q }) as Record<string, unknown>,
          })),
        );
      }
      if (arms.length) {
        await fc.assert(
          fc.asyncProperty(fc.oneof(...arms), async (parts) => {
            const p = await attempt(parts);
            if (p) throw new Error(p);
          }),
          { numRuns: F.FUZZ_RUNS, endOnFailure: false },
        );
      }

      // 2. Raw bodies no serializer writes, wrong content types, and a body over the limit.
      if (hasBody(r)) {
        const found: string[] = [];
        const unparseable = new Set(['not JSON', 'truncated JSON', 'trailing garbage', 'NUL bytes']);
        for (const b of F.rawBodies()) {
          const p = await attempt(valid, {
            payload: b.body,
            mustRefuse: unparseable.has(b.name) || (!!schema.body && b.name.includes('nested')),
          });
          if (p) found.push(`${b.name}: ${p}`);
        }
        for (const c of F.WRONG_CONTENT_TYPES) {
          const p = await attempt(valid, { payload: c.body, contentType: c.type, mustRefuse: !!schema.body });
          if (p) found.push(`content-type ${c.type}: ${p}`);
        }
        // A session route may have signed its token out by now: another one, so the size is what is refused.
        const bigToken = sessionTokens.get(name)?.big ?? token;
        const big = await send(t, ingestKey, r, { url: urlOf(r, valid).url, payload: F.oversizedJson(256 * 1024 + 1) }, bigToken);
        if (big.status !== 413) found.push(`a body over 256 KiB answered ${big.status}, not 413: ${big.text.slice(0, 200)}`);
        else if (typeof big.json?.message !== 'string' || !big.json.message)
          found.push('a body over 256 KiB was refused without a message');
        expect(found).toEqual([]);
      }
    },
    120_000,
  );

  it('leaves a database that passes the engine’s integrity check and a resolution log that verifies', async () => {
    expect(await integrityCheck(await t.raw(), t.engine)).toBe('ok');
    expect(await t.app.repos.log.verify(t.seeded.acme.tenantId)).toMatchObject({ ok: true });
  });
}
