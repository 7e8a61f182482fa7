/**
 * Erasure is complete: a customer seeded into every table that can hold their personal data,
 * erased through the real route, leaves no trace of their email, phone, name or notes in any
 * row, and on SQLite none in the file's bytes or its WAL, nor their wrapped log key. Erasure
 * follows merges, and a merge touching an erased customer can never be undone.
 *
 * Every table of the schema must have a rule in test/support/erasure/rules.ts: a new table
 * without one fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { ERASURE_RULES, schemaTables } from '../support/erasure/rules';
import { erasureHelpers, everything, person } from '../support/erasure/traces';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.token('admin@acme.test');
});
afterAll(() => t?.close());

const call = (method: 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { authorization: `Bearer ${admin}` }, ...(payload && { payload }) });
const acme = () => t.seeded.acme;
const { create, seedEverywhere, rowsMentioning, bytesMentioning } = erasureHelpers(() => t);

describe('the erasure rules', () => {
  it('cover every table of the schema, and name no table that is not in it', () => {
    expect(
      schemaTables.filter((name) => !(name in ERASURE_RULES)),
      'tables without an erasure rule',
    ).toEqual([]);
    expect(
      Object.keys(ERASURE_RULES).filter((name) => !schemaTables.includes(name)),
      'rules for tables that do not exist',
    ).toEqual([]);
  });
});

describe('erasing a customer', () => {
  it('leaves none of their data, nor of a record merged into theirs, in any row or in the file, and the log verifies', async () => {
    const { tenantId } = acme();
    const me = person();
    const twin = person();
    const id = await create(me);
    const twinId = await create(twin);
    await seedEverywhere(id, me);
    await seedEverywhere(twinId, twin);
    // Another customer claims my email: an identity conflict naming it.
    await t.app.repos.customers.create(tenantId, {
      name: 'Someone Else',
      tier: 'standard',
      lifetimeValueCents: 0,
      customerSince: Date.now(),
      emails: [me.email],
    });
    const merged = await call('POST', `/v1/customers/${twinId}/merge`, {
      into: id,
      reason: `${twin.name} is ${me.name}, phone ${me.phone}`,
    });
    expect(merged.statusCode, merged.body).toBe(201);
    const raw = await t.raw();
    const keys = (await raw.all<{ k: string }>('select wrapped_key as k from customer_keys where customer_id in (?, ?)', id, twinId)).map(
      (r) => r.k,
    );
    expect(keys).toHaveLength(2);
    const secrets = [...everything(me), ...everything(twin)];
    expect(await rowsMentioning(secrets)).not.toEqual([]); // the seeding put them there

    const erased = await call('POST', `/v1/customers/${id}/erase`);
    expect(erased.statusCode, erased.body).toBe(200);

    expect(await rowsMentioning([...secrets, ...keys])).toEqual([]);
    expect(bytesMentioning([...secrets, ...keys])).toEqual([]);
    expect((await t.app.repos.log.verify(tenantId)).ok).toBe(true);
    // Both records are marked erased: the twin was the same person.
    expect(await raw.all('select id from customers where id in (?, ?) and erased_at is null', id, twinId)).toEqual([]);

    const undo = await call('POST', `/v1/merges/${merged.json().mergeId}/undo`);
    expect(undo.statusCode).toBe(409);
    expect(undo.json().message).toMatch(/cannot be undone: one of its customers was erased/);
  });

  it('erasing a record merged into another takes what moved from it, and the merge can never be undone', async () => {
    const { tenantId } = acme();
    const gone = person();
    const stays = person();
    const goneId = await create(gone);
    const staysId = await create(stays);
    const merged = await call('POST', `/v1/customers/${goneId}/merge`, { into: staysId, reason: `${gone.name} moved house` });
    expect(merged.statusCode, merged.body).toBe(201);

    const erased = await call('POST', `/v1/customers/${goneId}/erase`);
    expect(erased.statusCode, erased.body).toBe(200);

    expect(await rowsMentioning(everything(gone))).toEqual([]);
    // The record it was merged into keeps its own identities.
    expect(await t.app.repos.customers.contactValue(tenantId, staysId, 'email')).toBe(stays.email);
    const undo = await call('POST', `/v1/merges/${merged.json().mergeId}/undo`);
    expect(undo.statusCode).toBe(409);
    expect(undo.json().message).toMatch(/cannot be undone: one of its customers was erased/);
    expect(await t.app.repos.customers.contactValue(tenantId, goneId, 'email')).toBeNull();
    // Nor can new data be tied to the erased record by a merge.
    const other = await create(person());
    const again = await call('POST', `/v1/customers/${other}/merge`, { into: goneId, reason: 'Same person' });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe('One of them was erased: an erased customer cannot be merged');
  });
});
