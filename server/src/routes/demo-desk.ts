/**
 * The demo desk, in demo mode only (`--demo`; production refuses the demo): a small ticket
 * workspace this server serves itself under /demo/desk/ (its files: demo/desk/), so the panel
 * can be seen with no helpdesk account. Without demo mode none of it exists: every path is 404.
 *
 * Static files, read once; the page loads nothing from elsewhere, and its Content-Security-Policy
 * says so. Trust is the usual one: the demo tenant pins the desk's host (this server's address)
 * once the server listens (demo/desk/pin-host.ts), and the extension runs on
 * `<server origin>/demo/desk/*` only, when the server it signed in to is that pinned host
 * (extension/background/pinned-hosts.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../config';
import { deskInstance, pinDemoDesk } from '../demo/desk/pin-host';
import { notFound } from '../errors';

export const DEMO_DESK_PATH = '/demo/desk';

/** The page to open after loading the extension: ticket 101 (Dana Whitfield) on the desk of the server at `address`. */
export function demoDeskUrl(address: string): string {
  return `${new URL(address).origin}${DEMO_DESK_PATH}/tickets/101`;
}

/**
 * Scripts, styles and fetches from this origin only; no inline script or style, no plugin, no
 * base or form target elsewhere, and no site may frame the desk. (The panel's own frame is an
 * extension page, which the browser does not hold to the page's policy.)
 */
export const DESK_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const DIR = join(import.meta.dirname, '../demo/desk');
const ASSETS: Record<string, string> = {
  'desk.js': 'text/javascript; charset=utf-8',
  'tickets.js': 'text/javascript; charset=utf-8',
  'desk.css': 'text/css; charset=utf-8',
};
const PUBLIC = 'the demo desk (demo mode only): a static page with made-up tickets; answers no tenant data';

const route: FastifyPluginAsyncZod<{ config: Pick<Config, 'demo'> }> = async (app, { config }) => {
  if (!config.demo) return;
  const page = readFileSync(join(DIR, 'index.html'), 'utf8');
  const files = new Map(Object.keys(ASSETS).map((name) => [name, readFileSync(join(DIR, name), 'utf8')]));

  app.get(DEMO_DESK_PATH, {
    config: { public: PUBLIC },
    schema: { hide: true },
    handler: async (_req, reply) => reply.redirect(`${DEMO_DESK_PATH}/tickets/101`),
  });

  app.get(`${DEMO_DESK_PATH}/tickets/:id`, {
    config: { public: PUBLIC },
    schema: {
      hide: true,
      params: z.object({ id: z.string().regex(/^\d{1,10}$/, 'must be a ticket number, like 101') }),
    },
    // Every ticket address is the same page: desk.js reads the id from the address, as single-page helpdesks do.
    handler: async (_req, reply) => reply.header('content-security-policy', DESK_CSP).type('text/html; charset=utf-8').send(page),
  });

  app.get(`${DEMO_DESK_PATH}/assets/:file`, {
    config: { public: PUBLIC },
    schema: { hide: true, params: z.object({ file: z.string().max(40) }) },
    handler: async (req, reply) => {
      const body = files.get(req.params.file);
      if (body === undefined) throw notFound(`The demo desk has no file ${req.params.file}`);
      return reply.header('content-security-policy', DESK_CSP).type(ASSETS[req.params.file]!).send(body);
    },
  });

  // Once the port is known: the demo tenant pins the desk's host, like its other helpdesks.
  app.addHook('onListen', async () => {
    const instance = deskInstance(app.server.address());
    if (!instance) app.log.warn('the demo desk is served on an address no browser host names; it runs no panel');
    else if (await pinDemoDesk(app.repos, instance)) app.log.debug({ instance }, 'demo desk host pinned for the demo tenant');
  });
};
export default route;
