/**
 * What a resolution record says about the offers shown in its interaction, when the agent did not
 * mark the customer's answer: a recorded grant of an offer's action means the customer took that
 * offer. The grant is the server's fact (the resolution cites it by id, checked), so it is learnt
 * from like a mark. Nothing implies a decline: an offer shown and not granted may never have been
 * put to the customer, and a guess would teach the recommender that customers refuse it.
 */

export interface ShownForImplying {
  offerId: string;
  /** The policy action it grants; null for a step, which grants nothing and so is never implied. */
  action: string | null;
  /** The amount it was shown at (a range's opening amount). */
  amountCents: number | null;
}

export interface GrantForImplying {
  action: string;
  amountCents: number;
}

/**
 * The offers the grants imply were accepted, each at most once, in the order shown. A grant takes
 * the shown offer of its action and amount; failing that, the only shown offer of its action (a
 * range offered at $10 and granted at $15 is still that offer). A grant that could be either of
 * two offers of one action at other amounts implies neither: guessing would credit the wrong one.
 */
export function impliedAcceptances(
  shown: readonly ShownForImplying[],
  grants: readonly GrantForImplying[],
  answered: ReadonlySet<string>,
): string[] {
  const open = shown.filter((s) => s.action !== null && !answered.has(s.offerId));
  const taken = new Set<string>();
  for (const g of grants) {
    const free = open.filter((s) => s.action === g.action && !taken.has(s.offerId));
    const match = free.find((s) => s.amountCents === g.amountCents) ?? (free.length === 1 ? free[0] : undefined);
    if (match) taken.add(match.offerId);
  }
  return open.filter((s) => taken.has(s.offerId)).map((s) => s.offerId);
}
