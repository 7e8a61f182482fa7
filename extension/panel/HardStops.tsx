import type { ActiveHardStop } from '@shared/policy/hard-stops';

/** "Refund, account credit and fee waiver": one sentence, so only its first word is capitalised. */
const list = (labels: string[]) => {
  const words = labels.map((l, i) => (i ? l.toLowerCase() : l));
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
};

/**
 * What no amount can unlock for this customer, said before anyone types: each stop's reason in
 * full, in the open (not a hover title), and which actions it stops.
 */
export function HardStops({ stops }: { stops: ActiveHardStop[] }) {
  if (!stops.length) return null;
  return (
    <section class="hard-stop" data-field="hard-stop" aria-label="Hard stop">
      {stops.map((s) => (
        <p key={s.id} data-stop={s.id}>
          <strong>{s.all ? 'Nothing can be granted.' : `${list(s.actions.map((a) => a.label))}: stopped.`}</strong> {s.message}
        </p>
      ))}
    </section>
  );
}
