import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Offer } from '@shared/nba/offer';
import { checkOffers, type OfferProblem } from '@shared/nba/policy-check';
import { ErrorBody } from '@shared/schemas/common';
import { OffersBody, OffersVersion, OffersVersionList } from '@shared/schemas/offer-settings';
import type { PolicyDocument } from '@shared/schemas/policy';
import { UserError } from '../../../errors';
import { offerChanges } from '../../../services/offer-changes';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };
const NONE = { version: 0, offers: [], createdAt: null, createdBy: null, note: null };

/** Offers naming what the policy in force does not grant; with no policy, every action offer. */
function problemsOf(offers: readonly Offer[], policy: PolicyDocument | null): OfferProblem[] {
  if (policy) return checkOffers(offers, policy);
  return offers.flatMap((o, i) =>
    o.kind.type === 'action'
      ? [{ offerId: o.id, path: `${i}.kind.action`, message: 'no policy is in force yet: publish one before offering its actions' }]
      : [],
  );
}

/** Each problem where the schema's own words would put it (body.offers.0.kind.action), all at once. */
function refused(problems: OfferProblem[]) {
  const issues = problems.map((p) => ({ path: `body.offers.${p.path}`, message: p.message }));
  const n = issues.length;
  return Object.assign(
    new UserError(400, `The offers have ${n} problem${n > 1 ? 's' : ''}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`),
    { issues },
  );
}

/**
 * The tenant's offers for next best action: read by supervisors, QA and admins; each save is a
 * new version (the history stays), checked against the policy in force and audited with it.
 */
const route: FastifyPluginAsyncZod = async (app) => {
  app.get('/v1/settings/offers', {
    onRequest: app.authorize('offers:read'),
    schema: { response: { 200: OffersVersion, ...errors } },
    handler: async (req) => (await app.repos.offers.current(req.principal.tenantId)) ?? NONE,
  });

  app.get('/v1/settings/offers/versions', {
    onRequest: app.authorize('offers:read'),
    schema: { response: { 200: OffersVersionList, ...errors } },
    handler: async (req) => app.repos.offers.list(req.principal.tenantId),
  });

  app.put('/v1/settings/offers', {
    onRequest: app.authorize('offers:write'),
    schema: { body: OffersBody, response: { 200: OffersVersion, ...errors } },
    handler: async (req) => {
      const { tenantId, userId } = req.principal;
      const { offers, note } = req.body;
      // Under the tenant's lock, which publishing a policy takes too: the offers are checked against the policy they will meet.
      const saved = await app.repos.inTenantTransaction(tenantId, async () => {
        const problems = problemsOf(offers, (await app.repos.policies.current(tenantId))?.document ?? null);
        if (problems.length) throw refused(problems);
        const previous = await app.repos.offers.current(tenantId);
        const saved = await app.repos.offers.save(tenantId, userId, offers, note || null);
        await app.repos.audit.record(tenantId, userId, 'offers.update', `offers:v${saved.version}`, {
          version: saved.version,
          previousVersion: previous?.version ?? null,
          offers: offers.length,
          ...offerChanges(previous?.offers ?? [], offers),
        });
        return saved;
      });
      // The panels showing suggestions get them from the new offers, without asking.
      app.offersPush.tenantChanged(tenantId);
      return saved;
    },
  });
};
export default route;
