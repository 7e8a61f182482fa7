/**
 * The QA report of suggested offers, from what was shown, answered and granted in a period:
 * acceptance and value delivered per offer and per team, overrides (the agent granted something
 * no shown offer grants), and agents who always grant the most generous of the offers shown.
 */
import type { OfferReport, OfferReportTally } from '../schemas/qa-offer-replies';

/**
 * An agent is flagged when, over at least this many interactions where they had a real choice of
 * amounts and granted one of the offers, they took the highest in at least this share. Fewer
 * interactions say too little (one or two generous grants are ordinary); 90% leaves room for the
 * odd case where the big offer was right, which a fair agent would still meet less often than that.
 */
export const GENEROUS_MIN_INTERACTIONS = 5;
export const GENEROUS_MIN_SHARE = 0.9;

export interface ShownOffer {
  interactionId: string;
  offerId: string;
  userId: string;
  action: string | null;
  amountCents: number | null;
  mode: string;
}
export interface AnsweredOffer {
  offerId: string;
  accepted: boolean;
  userId: string;
}
/** Grants in the interactions offers were shown in, oldest first. */
export interface GrantInInteraction {
  interactionId: string | null;
  userId: string;
  action: string;
  amountCents: number;
}
export interface OfferReportInput {
  offersVersion: number;
  currency: string;
  offers: readonly { id: string; name: string; businessValueCents: number }[];
  shown: readonly ShownOffer[];
  outcomes: readonly AnsweredOffer[];
  grants: readonly GrantInInteraction[];
  /** The tenant's people: teams are as they are now, for what was shown, answered and granted alike. */
  users: ReadonlyMap<string, { name: string; team: string }>;
}

type Counts = { shown: Set<string>; accepted: number; declined: number; value: number; overrides: Set<string> };
const empty = (): Counts => ({ shown: new Set(), accepted: 0, declined: 0, value: 0, overrides: new Set() });
const tally = (c: Counts): OfferReportTally => ({
  shown: c.shown.size,
  accepted: c.accepted,
  declined: c.declined,
  acceptanceRate: c.accepted + c.declined ? c.accepted / (c.accepted + c.declined) : null,
  valueDeliveredCents: c.value,
  overrides: c.overrides.size,
});
const cell = (m: Map<string, Counts>, key: string) => m.get(key) ?? m.set(key, empty()).get(key)!;
const percent = (share: number) => `${Math.round(share * 100)}%`;

export function offerReport(input: OfferReportInput, period: { from: number; to: number }): OfferReport {
  const worth = new Map(input.offers.map((o) => [o.id, o.businessValueCents]));
  const teamOf = (userId: string) => input.users.get(userId)?.team ?? 'unknown';
  const totals = empty();
  const byOffer = new Map<string, Counts>(input.offers.map((o) => [o.id, empty()]));
  const byTeam = new Map<string, Counts>();

  const interactions = new Map<string, ShownOffer[]>();
  for (const s of input.shown) {
    (interactions.get(s.interactionId) ?? interactions.set(s.interactionId, []).get(s.interactionId)!).push(s);
    totals.shown.add(s.interactionId);
    cell(byOffer, s.offerId).shown.add(s.interactionId);
    cell(byTeam, teamOf(s.userId)).shown.add(s.interactionId);
  }
  for (const o of input.outcomes) {
    const value = o.accepted ? (worth.get(o.offerId) ?? 0) : 0;
    for (const c of [totals, cell(byOffer, o.offerId), cell(byTeam, teamOf(o.userId))]) {
      if (o.accepted) c.accepted++;
      else c.declined++;
      c.value += value;
    }
  }

  const grantsIn = new Map<string, GrantInInteraction[]>();
  for (const g of input.grants)
    if (g.interactionId) (grantsIn.get(g.interactionId) ?? grantsIn.set(g.interactionId, []).get(g.interactionId)!).push(g);
  const choices = new Map<string, { interactions: number; tookHighest: number }>();
  for (const [interactionId, shown] of interactions) {
    const granted = grantsIn.get(interactionId) ?? [];
    const actions = new Set(shown.map((s) => s.action).filter((a) => a !== null));
    // An override: something granted here that none of the shown offers grants (steps grant nothing).
    const overrider = granted.find((g) => !actions.has(g.action));
    if (overrider) {
      totals.overrides.add(interactionId);
      for (const s of shown) cell(byOffer, s.offerId).overrides.add(interactionId);
      cell(byTeam, teamOf(overrider.userId)).overrides.add(interactionId);
    }
    // A real choice of amounts: two or more offers the agent could grant alone, at different amounts.
    const money = shown.filter((s) => s.mode === 'grantable' && s.action !== null && s.amountCents !== null);
    const amounts = new Set(money.map((s) => s.amountCents));
    if (amounts.size < 2) continue;
    // The first grant that is one of those offers (same action and amount) is the agent's choice.
    const took = granted.find((g) => money.some((s) => s.action === g.action && s.amountCents === g.amountCents));
    if (!took) continue;
    const c = choices.get(took.userId) ?? choices.set(took.userId, { interactions: 0, tookHighest: 0 }).get(took.userId)!;
    c.interactions++;
    if (took.amountCents === Math.max(...(amounts as Set<number>))) c.tookHighest++;
  }

  const generous = [...choices]
    .filter(([, c]) => c.interactions >= GENEROUS_MIN_INTERACTIONS && c.tookHighest / c.interactions >= GENEROUS_MIN_SHARE)
    .map(([agentId, c]) => {
      const share = c.tookHighest / c.interactions;
      const agentName = input.users.get(agentId)?.name ?? agentId;
      return {
        agentId,
        agentName,
        team: teamOf(agentId),
        interactions: c.interactions,
        tookHighest: c.tookHighest,
        share,
        why:
          `${agentName} granted the highest of the amounts suggested in ${c.tookHighest} of ${c.interactions} interactions ` +
          `(${percent(share)}) where smaller offers were shown too; we flag ${percent(GENEROUS_MIN_SHARE)} or more ` +
          `over at least ${GENEROUS_MIN_INTERACTIONS}.`,
      };
    })
    .sort((a, b) => b.share - a.share || b.interactions - a.interactions || a.agentName.localeCompare(b.agentName));

  const names = new Map(input.offers.map((o) => [o.id, o.name]));
  return {
    from: new Date(period.from).toISOString(),
    to: new Date(period.to).toISOString(),
    offersVersion: input.offersVersion,
    currency: input.currency,
    totals: tally(totals),
    // The current offers first, in the admin's order, then any no longer offered that still have numbers.
    offers: [...byOffer].map(([offerId, c]) => ({ offerId, name: names.get(offerId) ?? offerId, ...tally(c) })),
    teams: [...byTeam].sort(([a], [b]) => a.localeCompare(b)).map(([team, c]) => ({ team, ...tally(c) })),
    generous,
    thresholds: { minInteractions: GENEROUS_MIN_INTERACTIONS, minShare: GENEROUS_MIN_SHARE },
  };
}
