/**
 * Next best action for the customer on screen, computed here, never in the panel: the tenant's
 * offers, judged for this agent right now by the policy's one evaluator (the same situation a
 * grant is checked against: level, team, today's budgets, the customer's caps and flags), ranked
 * by what customers in the same segment accepted. An outcome is learnt in the segment the server
 * sees the customer in now, whatever the client thinks.
 */
import type { FastifyInstance } from 'fastify';
import { impliedAcceptances, type GrantForImplying } from '@shared/nba/implied-outcomes';
import { typesRead } from '@shared/nba/eligibility';
import { anyHardStop } from '@shared/nba/judge';
import { segmentOf } from '@shared/nba/learn';
import { recommend } from '@shared/nba/recommend';
import { contactDraws } from '@shared/nba/sample';
import type { OfferOutcomeBody, OfferOutcomeReply, Recommendations } from '@shared/schemas/recommendations';
import type { Actor } from '../repositories/grants';
import type { OutcomeSource } from '../repositories/offer-stats';
import { customerWideSignals } from './context';
import { contactOf } from './contact';
import { storeShown } from './offer-impressions';
import { checkOwnInteraction } from './own-interaction';
import { UserError } from '../errors';

/** A caller without an interaction (the REST route): one contact per agent, customer and day (UTC). */
const restContact = (actor: Actor, customerId: string, now: number) =>
  `${actor.userId} ${customerId} ${new Date(now).toISOString().slice(0, 10)}`;

/** What the draws belong to (sample.ts contactDraws): the panel's contact (its first interaction), or the REST contact. */
const drawsOf = (actor: Actor, customerId: string, contact: string | null, now: number) =>
  contact ? `interaction ${contact}` : restContact(actor, customerId, now);

/**
 * Where an answer is kept, once per offer: its interaction, or the REST contact (never a UUID, so
 * never an interaction's). Without it every repeat of a REST answer was learnt again.
 */
const answerKey = (actor: Actor, customerId: string, interactionId: string | undefined, now: number) =>
  interactionId ?? `rest ${restContact(actor, customerId, now)}`;

/** What the recommender needs about this agent and customer; null: no such customer in the tenant. */
async function inputs(app: FastifyInstance, actor: Actor, customerId: string) {
  const [state, customer] = await Promise.all([
    app.repos.grants.leewayState(actor, customerId),
    customerWideSignals(app, actor.tenantId, customerId),
  ]);
  return customer && { state, ...customer };
}

export async function recommendationsFor(
  app: FastifyInstance,
  actor: Actor,
  customerId: string,
  interactionId: string | null,
): Promise<Recommendations | null> {
  return (await recommendationsWithTeam(app, actor, customerId, interactionId))?.found ?? null;
}

/**
 * Over REST (no interaction): the suggestions, stored as shown under the caller's REST contact with
 * the customer, as a panel's are under its contact, so an answer to one of them can be recorded.
 */
export async function restRecommendations(app: FastifyInstance, actor: Actor, customerId: string): Promise<Recommendations | null> {
  const now = Date.now();
  const found = await recommendationsFor(app, actor, customerId, null);
  if (found?.recommendations.length)
    await storeShown(app, actor, { contact: answerKey(actor, customerId, undefined, now), customerId }, found.recommendations, now);
  return found;
}

/** The same, with the agent's team they were computed for (who shares its budget; null: no policy in force). */
export async function recommendationsWithTeam(
  app: FastifyInstance,
  actor: Actor,
  customerId: string,
  interactionId: string | null,
): Promise<{ found: Recommendations; team: string | null } | null> {
  const now = Date.now();
  const [found, offers, contact] = await Promise.all([
    inputs(app, actor, customerId),
    app.repos.offers.current(actor.tenantId),
    interactionId && contactOf(app, actor, interactionId),
  ]);
  if (!found) return null;
  const versions = {
    offersVersion: offers?.version ?? 0,
    policyVersion: found.state?.policyVersion ?? 0,
    usage: found.state?.situation.usage ?? null,
  };
  const none = { found: { ...versions, recommendations: [] }, team: found.state?.situation.agent.team ?? null };
  // No policy in force (or this user is not an agent of the tenant): nothing may be granted, so nothing is recommended.
  if (!offers?.offers.length || !found.state) return none;
  const { policy, situation } = found.state;
  // A hard stop removes every offer (recommend returns none): nothing more need be read.
  if (anyHardStop(policy, situation)) return none;
  const [events, stats] = await Promise.all([
    app.repos.offerHistory.of(actor.tenantId, customerId, now, typesRead(offers.offers)),
    app.repos.offerStats.stats(actor.tenantId),
  ]);
  const recommendations = recommend({
    policy,
    situation,
    customer: { consent: found.consent, events },
    signals: found.signals,
    offers: offers.offers,
    stats,
    rng: contactDraws(drawsOf(actor, customerId, contact || null, now)),
    now,
  });
  return { found: { ...versions, recommendations }, team: situation.agent.team };
}

/**
 * The customer's answer to one offer, learnt once per interaction (over REST without one: once per
 * agent, customer and day, the contact its recommendations were drawn for). The offer must be one of the
 * tenant's current offers, and an agent's answer one to an offer shown to them there: otherwise any
 * made-up ticket (each a new contact) would let one agent teach the whole tenant's ranking. The
 * segment is the customer's as the server sees them now.
 */
export async function recordOfferOutcome(
  app: FastifyInstance,
  actor: Actor,
  customerId: string,
  body: OfferOutcomeBody,
  source: OutcomeSource = 'agent',
): Promise<OfferOutcomeReply | { problem: OutcomeProblem }> {
  // An answer implied by a resolution comes with the resolution's interaction, checked there.
  if (source === 'agent') await checkOwnInteraction(app, actor, body.interactionId, customerId);
  // Once per contact: the same answer after a reconnect's new interaction is not learnt again.
  const contact = body.interactionId && (await contactOf(app, actor, body.interactionId));
  const now = Date.now();
  const [customer, offers] = await Promise.all([
    customerWideSignals(app, actor.tenantId, customerId),
    app.repos.offers.current(actor.tenantId),
  ]);
  if (!customer) return { problem: 'customer' };
  if (!offers?.offers.some((o) => o.id === body.offerId)) return { problem: 'offer' };
  const key = answerKey(actor, customerId, contact || undefined, now);
  // A resolution's implied answers come from what was shown already (answeredOffers).
  if (source === 'agent' && !(await app.repos.offerImpressions.wasShown(actor.tenantId, actor.userId, key, body.offerId)))
    return { problem: 'not-shown' };
  const segment = segmentOf({ tier: customer.tier, churn: customer.signals.churn.level });
  const status = await app.repos.offerStats.recordOutcome(actor.tenantId, {
    offerId: body.offerId,
    segment,
    accepted: body.accepted,
    interactionId: key,
    customerId,
    userId: actor.userId,
    occurredAt: now,
    source,
  });
  if (status === 'stored') return { status, segment, recorded: { accepted: body.accepted, by: source } };
  const first = (await app.repos.offerStats.outcomesOf(actor.tenantId, key)).find((o) => o.offerId === body.offerId);
  return { status, segment, recorded: first ? { accepted: first.accepted, by: first.source } : { accepted: body.accepted, by: source } };
}

type OutcomeProblem = 'customer' | 'offer' | 'not-shown';

/** Why an answer was not recorded, in words (the socket's and REST's): null for a missing customer, which each says its own way (404). */
export function outcomeRefusal(problem: OutcomeProblem, offerId: string): UserError | null {
  if (problem === 'offer') return new UserError(422, `offerId: “${offerId}” is not one of your tenant's current offers`);
  if (problem === 'not-shown')
    return new UserError(
      422,
      `offerId: “${offerId}” was not suggested to you for this customer here: only an answer to an offer your panel showed on this ticket is recorded`,
    );
  return null;
}

/**
 * The customer's answers to the offers shown in one interaction, for its resolution record: the
 * agent's marks, and an acceptance implied by each grant the record cites (checked by the caller)
 * of an offer the agent left unmarked, learnt like a mark the first time the record arrives.
 */
export async function answeredOffers(
  app: FastifyInstance,
  actor: Actor,
  customerId: string,
  interactionId: string,
  granted: readonly GrantForImplying[],
) {
  const { offerImpressions, offerStats } = app.repos;
  // What was shown and answered in the whole contact, whichever of its interactions the record names.
  const contact = await contactOf(app, actor, interactionId);
  const [shown, marked] = await Promise.all([
    granted.length ? offerImpressions.inInteraction(actor.tenantId, actor.userId, contact) : [],
    offerStats.outcomesOf(actor.tenantId, contact),
  ]);
  const implied = impliedAcceptances(shown, granted, new Set(marked.map((m) => m.offerId)));
  if (!implied.length) return marked;
  // One by one: each is its own once-per-contact transaction, so a retried record learns nothing twice.
  for (const offerId of implied)
    await recordOfferOutcome(app, actor, customerId, { offerId, accepted: true, interactionId: contact }, 'resolution');
  return offerStats.outcomesOf(actor.tenantId, contact);
}
