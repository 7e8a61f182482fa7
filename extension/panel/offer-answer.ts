/**
 * The customer's answer to a suggested offer, as the record holds it. The first answer for an
 * offer in an interaction stands (the agent's mark, or an acceptance the resolution implied from a
 * grant of it): a later click that disagrees is told what was kept, never shown as if it counted.
 */

/** `earlier`: the answer was recorded before this click, and by whom; null: this click recorded it. */
export interface RecordedAnswer {
  accepted: boolean;
  earlier: 'agent' | 'resolution' | null;
}

export function answerWords(a: RecordedAnswer): string {
  const said = a.accepted ? 'accepted' : 'declined';
  if (a.earlier === 'resolution') return `Already recorded: customer ${said}, from the grant in your resolution`;
  if (a.earlier === 'agent') return `Already recorded: customer ${said}`;
  return a.accepted ? 'Customer accepted' : 'Customer declined';
}
