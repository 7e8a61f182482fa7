import fp from 'fastify-plugin';
import { makeWellFormed } from '@shared/well-formed-text';

/**
 * Every request's body, query and params as well-formed Unicode before validation: a lone
 * surrogate becomes U+FFFD (shared/well-formed-text.ts says why), so what is stored, hashed and
 * answered is the same text.
 */
export default fp(
  async (app) => {
    app.addHook('preValidation', async (req) => {
      req.body = makeWellFormed(req.body);
      makeWellFormed(req.query);
      makeWellFormed(req.params);
    });
  },
  { name: 'well-formed-text' },
);
