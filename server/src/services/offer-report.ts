/** The QA report of suggested offers for one tenant and period: read here, computed by shared/qa/offer-report.ts. */
import type { FastifyInstance } from 'fastify';
import { offerReport } from '@shared/qa/offer-report';
import type { OfferReport } from '@shared/schemas/qa-offer-replies';

export async function offerReportFor(app: FastifyInstance, tenantId: string, from: number, to: number): Promise<OfferReport> {
  const r = app.repos.offerImpressions;
  const [current, policy, shown, outcomes, grants, users] = await Promise.all([
    app.repos.offers.current(tenantId),
    app.repos.policies.current(tenantId),
    r.shown(tenantId, from, to),
    r.outcomes(tenantId, from, to),
    r.grantsWhereShown(tenantId, from, to),
    app.repos.qa.users(tenantId),
  ]);
  return offerReport(
    {
      offersVersion: current?.version ?? 0,
      currency: policy?.document.currency ?? 'USD',
      offers: current?.offers ?? [],
      shown,
      outcomes,
      grants,
      users,
    },
    { from, to },
  );
}
