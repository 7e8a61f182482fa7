/**
 * Group commit happens (issue 21): webhook requests that arrive together share transactions, on
 * SQLite too, where every database call runs to its end without yielding, so a batch would
 * otherwise be committed before the next request is even read. Counted by the server's own
 * metric of events per ingest transaction; every event is stored once all the same.
 */
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { signedHeaders } from '@shared/webhook-signature';

let t: TestApp;
let key: { id: string; secret: string };
beforeAll(async () => {
  t = await startTestApp();
  key = { id: 'acme-demo', secret: (await t.app.repos.tenants.ingestKey('acme-demo'))!.secret };
});
afterAll(() => t.close());

async function batches(): Promise<{ transactions: number; events: number }> {
  const metric = (await t.app.metrics.getSingleMetric('leeway_ingest_batch_events')?.get()) as
    | { values: { metricName?: string; value: number }[] }
    | undefined;
  const value = (suffix: string) => metric?.values.find((v) => v.metricName === `leeway_ingest_batch_events_${suffix}`)?.value ?? 0;
  return { transactions: value('count'), events: value('sum') };
}

/** 48 keep-alive connections, opened beforehand, so the 48 requests below are written in one go, as a busy sender's pool does. */
const pool = new Agent({ keepAlive: true, maxSockets: 48 });
afterAll(() => pool.destroy());

function post(path: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, t.url), { method: body ? 'POST' : 'GET', agent: pool, headers }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

it('48 requests sent together are stored in fewer transactions than requests, each event once', async () => {
  await Promise.all(Array.from({ length: 48 }, () => post('/health')));
  const before = await batches();
  const emails = ['dana.whitfield@example.com', 'marco.rossi@example.com', 'priya@example.com', 'sam.okafor@example.com'];
  const answers = await Promise.all(
    Array.from({ length: 48 }, (_, i) => {
      const body = JSON.stringify({
        id: randomUUID(),
        occurredAt: new Date().toISOString(),
        type: 'page.visited',
        customer: { email: emails[i % 4] },
        data: { url: 'https://shop.example.com/' },
      });
      return post('/v1/ingest/events', body, { ...signedHeaders(key.id, key.secret, body), 'content-type': 'application/json' });
    }),
  );
  expect(answers.map((a) => a.status)).toEqual(Array(48).fill(200));
  expect(new Set(answers.map((a) => JSON.parse(a.text).eventId)).size).toBe(48);
  const after = await batches();
  expect(after.events - before.events).toBe(48);
  expect(after.transactions - before.transactions).toBeLessThan(48);
});
