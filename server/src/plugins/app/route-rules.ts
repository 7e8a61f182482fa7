import type { RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { Permission } from '@shared/permissions';

/** Who may call a route: a permission checked by `app.authorize`, or public, with why. */
export type RouteRule = { permission: Permission } | { public: string };
export interface RouteEntry {
  method: string;
  url: string;
  rule: RouteRule;
  /** The route's zod schemas, as declared: the fuzz tests generate bad input from them. */
  schema?: { body?: unknown; querystring?: unknown; params?: unknown };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route as registered, with its access rule: the access tests enumerate it. */
    routeList: RouteEntry[];
  }
  interface FastifyContextConfig {
    /** Set on a route that needs no sign-in, saying why (it gets no `app.authorize`). */
    public?: string;
  }
}

/** Routes added by third-party plugins, which take no route config: public, and why. */
const PLUGIN_ROUTES: Record<string, string> = {
  'OPTIONS *': 'CORS preflight (@fastify/cors); answers no data',
  // @fastify/swagger-ui (plugins/external/openapi.ts): the API's description and its viewer, no data.
  // In production these answer only with LEEWAY_DOCS_TOKEN (plugins/external/openapi.ts), else 404.
  'GET /docs': 'API documentation (@fastify/swagger-ui); describes routes, answers no data',
  'GET /docs/json': 'OpenAPI document (@fastify/swagger-ui); describes routes, answers no data',
  'GET /docs/yaml': 'OpenAPI document (@fastify/swagger-ui); describes routes, answers no data',
  'GET /docs/static/index.html': 'redirect to the docs UI (@fastify/swagger-ui)',
  'GET /docs/static/swagger-initializer.js': 'docs UI script (@fastify/swagger-ui)',
  'GET /docs/static/*': 'docs UI assets shipped in @fastify/swagger-ui',
};

/**
 * One mechanism for access: every route either carries `onRequest: app.authorize(permission)`
 * or declares `config: { public: 'why' }`. A route with neither stops the server from
 * starting, so nothing is ever served unguarded by omission.
 */
export default fp(
  async (app) => {
    const routes: RouteEntry[] = [];
    app.decorate('routeList', routes);
    app.addHook('onRoute', (r: RouteOptions) => {
      for (const method of [r.method].flat()) {
        if (method === 'HEAD') continue;
        routes.push({ method, url: r.url, rule: ruleOf(r, method), schema: r.schema as RouteEntry['schema'] });
      }
    });
  },
  { name: 'route-rules' },
);

function ruleOf(r: RouteOptions, method: string): RouteRule {
  const hooks = [r.onRequest ?? []].flat() as { permission?: Permission }[];
  const permission = hooks.find((h) => h.permission)?.permission;
  const declared = (r.config as { public?: string } | undefined)?.public ?? PLUGIN_ROUTES[`${method} ${r.url}`];
  if (permission && declared) throw new Error(`Route ${method} ${r.url} is both authorized and public: pick one`);
  if (permission) return { permission };
  if (declared) return { public: declared };
  throw new Error(
    `Route ${method} ${r.url} has no access rule: add onRequest: app.authorize('<permission>') or config: { public: '<why>' }`,
  );
}
