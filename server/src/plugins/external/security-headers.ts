import helmet from 'helmet';
import fp from 'fastify-plugin';

/** One year, with subdomains: the usual HSTS for a host that serves nothing but TLS. */
export const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Security headers for an API that serves JSON to the extension: nothing it answers may be
 * rendered, framed or sniffed, so the CSP allows nothing at all. The docs UI sets its own,
 * looser CSP on its pages only (plugins/external/openapi.ts). HSTS only on requests that
 * arrived over https (directly, or through a trusted proxy's X-Forwarded-Proto): over plain
 * http browsers ignore it, and a local demo must stay reachable without TLS.
 */
export default fp(
  async (app) => {
    // Built once: the headers are the same on every answer (@fastify/helmet rebuilt helmet's
    // middleware, CSP parsing included, on every request: 4% of the ingest path's CPU).
    const setHeaders = helmet({
      contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
      frameguard: { action: 'deny' },
      strictTransportSecurity: false,
      // The extension calls with CORS (checked by plugins/external/cors.ts); CORP only guards no-cors embeds.
      crossOriginResourcePolicy: { policy: 'same-origin' },
    });
    app.addHook('onRequest', (req, reply, done) => setHeaders(req.raw, reply.raw, (err) => done(err as Error | undefined)));
    app.addHook('onRequest', async (req, reply) => {
      if (req.protocol === 'https') reply.header('strict-transport-security', HSTS);
      // Answers carry tokens and customer context: no cache along the way may keep them.
      reply.header('cache-control', 'no-store');
    });
  },
  { name: 'security-headers' },
);
