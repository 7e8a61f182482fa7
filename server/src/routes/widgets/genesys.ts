/**
 * GET /widgets/genesys?conversation=<id>: the page Genesys Cloud's Interaction Widget shows beside
 * a conversation, from the URL template an admin gives it
 * (`https://<leeway>/widgets/genesys?conversation={{pcConversationId}}`). Public and without data,
 * like the screen-pop page: the extension's panel, running in this frame, opens the conversation
 * and the server asks Genesys who is calling (services/genesys-widget.ts). Framed only by Genesys
 * Cloud's own desktops.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { GENESYS_REGIONS } from '@shared/schemas/platform-connections';
import { ErrorBody } from '@shared/schemas/common';
import { UserError } from '../../errors';
import { popPage, sendPage } from '../pop-page';

const GENESYS_APPS = GENESYS_REGIONS.map((r) => `https://apps.${r}`).join(' ');
export const WIDGET_CSP = `default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors ${GENESYS_APPS}`;

// Genesys conversation ids are UUIDs; the template's placeholder left as it is means a template Genesys did not fill.
const ConversationId = z.uuid('must be the conversation’s id: put {{pcConversationId}} in the widget’s URL template');

const route: FastifyPluginAsyncZod = async (app) => {
  app.get('/widgets/genesys', {
    config: { public: 'a page without data, shown inside Genesys Cloud; the panel in it authenticates on its own' },
    schema: {
      description: 'The page for Genesys Cloud’s Interaction Widget: the Leeway panel opens the conversation over it.',
      querystring: z.object({ conversation: z.string().max(200).optional() }),
      response: { 200: z.object({ conversation: z.uuid() }), 400: ErrorBody },
    },
    handler: async (req, reply) => {
      const id = ConversationId.safeParse(req.query.conversation);
      // Anything but a browser (a check of the template, a probe) gets JSON, as /pop answers.
      if (!(req.headers.accept ?? '').includes('text/html')) {
        if (!id.success) throw new UserError(400, `conversation: ${id.error.issues[0]!.message}`);
        return { conversation: id.data };
      }
      const body = id.success
        ? popPage({
            ok: true,
            marker: 'data-leeway-widget',
            title: 'Genesys Cloud conversation',
            lines: [
              'The Leeway panel on this page shows who is calling and what you may grant.',
              'No panel? Sign in to the Leeway extension, and check that your organisation lists this server’s host and you allowed it.',
            ],
          })
        : popPage({
            ok: false,
            title: 'This widget is not set up',
            lines: [`conversation: ${id.error.issues[0]!.message}`],
          });
      return sendPage(reply, id.success ? 200 : 400, WIDGET_CSP, body);
    },
  });
};
export default route;
