/**
 * GET /pop: the signed screen-pop URL a contact-center platform opens in the agent's browser when
 * a call rings (shared/pop-signature.ts). Public: the signature is the proof, checked here and
 * again when the extension opens the call from it (services/pop.ts). A browser gets a page that
 * names no customer and holds no data (the extension's panel shows the caller over it); anything
 * else gets JSON. Either way, a bad, forged or stale link is told what is wrong in words.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { maskPhone } from '@shared/identity';
import { ErrorBody } from '@shared/schemas/common';
import { PopQuery } from '@shared/schemas/pop';
import { UserError } from '../errors';
import { verifyPop } from '../services/pop';
import { POP_CSP, popPage, sendPage } from './pop-page';

const PopChecked = z.object({ caller: z.string(), agent: z.string(), contact: z.string() });

const route: FastifyPluginAsyncZod = async (app) => {
  app.get('/pop', {
    config: { public: 'a screen-pop link, proven by its HMAC signature; it answers no tenant data' },
    // Validated in the handler, so a browser's bad link gets a page rather than JSON.
    attachValidation: true,
    schema: {
      description: 'A signed screen-pop link, opened by a contact-center platform when a call rings (HTML for a browser).',
      querystring: PopQuery,
      response: { 200: PopChecked, 400: ErrorBody, 401: ErrorBody, 410: ErrorBody },
    },
    handler: async (req, reply) => {
      const html = (req.headers.accept ?? '').includes('text/html');
      const refuse = (status: number, title: string, lines: string[]) => {
        if (!html) throw new UserError(status, lines.join('; '));
        return page(status, popPage({ ok: false, title, lines }));
      };
      const page = (status: number, body: string) => sendPage(reply, status, POP_CSP, body);
      const parsed = PopQuery.safeParse(req.query);
      if (!parsed.success)
        return refuse(
          400,
          'This pop link is not complete',
          parsed.error.issues.map((i) => `${i.path.join('.') || 'the link'}: ${i.message}`),
        );
      const check = await verifyPop(app, parsed.data);
      if (!check.ok) return refuse(check.status, 'This pop link cannot be used', [check.message]);
      const caller = check.caller.kind === 'number' ? maskPhone(check.caller.e164) : 'a withheld number';
      if (!html) return { caller, agent: check.agent, contact: check.contact };
      return page(
        200,
        popPage({
          ok: true,
          title: `Incoming call from ${caller}`,
          lines: [
            `For ${check.agent}. The Leeway panel on this page shows who is calling.`,
            'No panel? Sign in to the Leeway extension, and check that your organisation lists this server’s host and you allowed it.',
          ],
        }),
      );
    },
  });
};
export default route;
