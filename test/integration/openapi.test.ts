/**
 * The OpenAPI document covers every route the server serves, enumerated from the running
 * server (`app.routeList`): a new route is documented by construction, and this fails if not.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
let doc: {
  openapi: string;
  info: { title: string };
  paths: Record<
    string,
    Record<
      string,
      { security?: Record<string, string[]>[]; description?: string; requestBody?: unknown; parameters?: { in: string; name: string }[] }
    >
  >;
  components: { securitySchemes: Record<string, { type: string; scheme?: string; in?: string; name?: string }> };
};
beforeAll(async () => {
  t = await startTestApp();
  const res = await t.app.inject({ url: '/docs/json' });
  expect(res.statusCode).toBe(200);
  doc = res.json();
});
afterAll(() => t.close());

/** Fastify's `/a/:id` is OpenAPI's `/a/{id}`. */
const openapiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
const isDocs = (url: string) => url === '/docs' || url.startsWith('/docs/');

it('is OpenAPI 3.x', () => {
  expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
  expect(doc.info.title).toBe('Leeway API');
});

it('documents every route with its method', () => {
  const routes = t.app.routeList.filter((r) => !(r.method === 'OPTIONS' && r.url === '*') && !isDocs(r.url));
  expect(routes.length).toBeGreaterThan(40);
  const missing = routes.filter((r) => !doc.paths[openapiPath(r.url)]?.[r.method.toLowerCase()]).map((r) => `${r.method} ${r.url}`);
  expect(missing).toEqual([]);
});

it('states how each operation is called: bearer token with its permission, the ingest signature, or nothing', () => {
  expect(doc.components.securitySchemes).toMatchObject({
    bearer: { type: 'http', scheme: 'bearer' },
    ingestKey: { type: 'apiKey', in: 'header', name: 'x-leeway-key' },
    ingestTimestamp: { type: 'apiKey', in: 'header', name: 'x-leeway-timestamp' },
    ingestSignature: { type: 'apiKey', in: 'header', name: 'x-leeway-signature' },
  });
  for (const r of t.app.routeList.filter((x) => x.url !== '*' && !isDocs(x.url))) {
    const op = doc.paths[openapiPath(r.url)]![r.method.toLowerCase()]!;
    if ('permission' in r.rule) {
      expect(op.security, `${r.method} ${r.url}`).toEqual([{ bearer: [] }]);
      expect(op.description).toContain(`Requires permission \`${r.rule.permission}\``);
    } else if (r.url.startsWith('/v1/ingest/')) {
      expect(op.security).toEqual([{ ingestKey: [], ingestTimestamp: [], ingestSignature: [] }]);
    } else {
      expect(op.security, `${r.method} ${r.url}`).toEqual([]);
    }
  }
});

it('carries the zod schemas: bodies, path parameters and query', () => {
  expect(doc.paths['/v1/auth/sign-in']!.post!.requestBody).toBeDefined();
  expect(doc.paths['/v1/customers/{customerId}/context']!.get!.parameters).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ in: 'path', name: 'customerId' }),
      expect.objectContaining({ in: 'query', name: 'ticket' }),
    ]),
  );
});

it('is served as YAML too, and the docs UI from the package', async () => {
  expect((await t.app.inject({ url: '/docs/yaml' })).body).toMatch(/^openapi: 3\./m);
  const ui = await t.app.inject({ url: '/docs' });
  expect(ui.statusCode).toBe(200);
  expect(ui.body).toContain('swagger-ui-bundle.js');
});
