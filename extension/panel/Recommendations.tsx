/**
 * Next best action (issue 23): up to three offers for the customer on screen, computed by the
 * server for this agent now. An offer within the agent's leeway is one click (the same grant path
 * as a typed amount, checked again by the server); one above it asks the level the policy names;
 * a step grants nothing. Each has its reason in a sentence, and its factors on demand. The agent
 * records the customer's answer, which is what the recommender learns from.
 *
 * Pushed by the server whenever the customer changes (an event stored: their signals, their
 * history), computed for this agent; asked here only when the ticket opens (or opens again after a
 * reconnect), after the agent's own grant (their usage), when its tab is shown again and once the
 * panel is back in full view (no uncover hold: asking involves no click), as soon as that is
 * rendered (a layout effect: a plain effect waits for the next frame). Paced (lib/paced.ts): one
 * ask out at a time, at most one started per RECOMMEND_GAP_MS. Shown from the view, where asked and
 * pushed ones meet and the later computation stands (reducer.ts).
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { RECOMMEND_GAP_MS } from '@shared/nba/recommend-gap';
import { isError } from '@shared/socket-reply';
import type { Recommendation } from '@shared/schemas/recommendations';
import { paced } from '../lib/paced';
import type { PanelActions } from './client';
import { formatMoney } from './format';
import { answerWords, type RecordedAnswer } from './offer-answer';
import type { TicketView } from './state';
import './recommendations.css';

type Answered = Record<string, RecordedAnswer | { error: string }>;

const STEP_WORDS: Record<string, string> = {
  update_card: 'Ask them to update their card',
  escalate: 'Escalate',
  call_back: 'Offer a call back',
};
const percent = (p: number) => `${Math.round(p * 100)}%`;

export function Recommendations({ view, actions, inView }: { view: TicketView; actions: PanelActions; inView: boolean }) {
  const [answered, setAnswered] = useState<Answered>({});
  // The offer whose one-click grant is on its way, then what became of it (the view's lastGrant).
  const [granting, setGranting] = useState<{ offerId: string; before: TicketView['lastGrant'] } | null>(null);
  const [grants, setGrants] = useState<Record<string, { ok: boolean; message: string }>>({});
  const { leeway, offers } = view;
  useEffect(() => {
    if (!granting || !view.lastGrant || view.lastGrant === granting.before) return;
    setGrants((g) => ({ ...g, [granting.offerId]: view.lastGrant! }));
    setGranting(null);
  }, [granting, view.lastGrant]);
  // Nothing is asked while the panel is out of full view (the client refuses it): asked once it is back.
  const inViewNow = useRef(inView);
  inViewNow.current = inView;
  const asker = useMemo(() => paced(async () => void (inViewNow.current && (await actions.recommend())), RECOMMEND_GAP_MS), [actions]);
  useEffect(() => () => asker.stop(), [asker]);
  // Asked on each opening (a new policy read) and after each of the agent's own grants. Not when a
  // push brought a new usage (a teammate's grant): it came with its suggestions, and asking again
  // would double each grant's cost for every panel it reaches.
  const openedUnder = leeway?.policy;
  useLayoutEffect(() => {
    if (inView) asker.request();
  }, [asker, inView, openedUnder, view.grantsAnswered]);
  // Shown again (its tab brought back): asked afresh, since a sign-in is pushed suggestions for its latest panels only.
  useEffect(() => {
    const shown = () => document.visibilityState === 'visible' && asker.request();
    document.addEventListener('visibilitychange', shown);
    return () => document.removeEventListener('visibilitychange', shown);
  }, [asker]);

  const list = offers?.list?.recommendations ?? [];
  if (!offers || (!list.length && !offers.error)) return null;
  const answer = async (offerId: string, accepted: boolean) => {
    const res = await actions.offerOutcome(offerId, accepted);
    setAnswered((a) => ({
      ...a,
      [offerId]: isError(res)
        ? { error: res.error }
        : { accepted: res.data.recorded.accepted, earlier: res.data.status === 'duplicate' ? res.data.recorded.by : null },
    }));
  };
  return (
    <section class="nba" aria-label="Suggested offers" data-field="recommendations">
      <h2>Suggested offers</h2>
      {offers.error && <p class="note muted">{offers.error}</p>}
      {list.length > 0 && (
        <ol>
          {list.map((r) => (
            <Offer
              key={r.offerId}
              r={r}
              actions={actions}
              grant={granting?.offerId === r.offerId ? 'pending' : grants[r.offerId]}
              onGrant={() => setGranting({ offerId: r.offerId, before: view.lastGrant })}
              answered={answered[r.offerId]}
              onAnswer={(ok) => answer(r.offerId, ok)}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

type GrantState = 'pending' | { ok: boolean; message: string } | undefined;

function Offer(props: {
  r: Recommendation;
  actions: PanelActions;
  grant: GrantState;
  onGrant(): void;
  answered: Answered[string] | undefined;
  onAnswer(accepted: boolean): void;
}) {
  const { r, actions, answered } = props;
  const amount = r.amountCents !== null ? formatMoney(r.amountCents, r.currency) : null;
  return (
    <li class={`offer mode-${r.mode}`} data-offer={r.offerId} data-mode={r.mode}>
      <p class="headline">
        <strong>{r.name}</strong>
        {amount && <span class="amount">{amount}</span>}
      </p>
      <p class="reason" data-field="offer-reason">
        {r.reason}
      </p>
      <div class="act">
        <Act r={r} actions={actions} amount={amount} grant={props.grant} onGrant={props.onGrant} />
        <Answer answered={answered} onAnswer={props.onAnswer} name={r.name} />
      </div>
      <details>
        <summary>Why this offer</summary>
        <ul class="factors">
          {r.factors.eligibility.map((line) => (
            <li key={line}>{line}</li>
          ))}
          <li>
            Customers like this accept it about {percent(r.factors.expectedAcceptance)} of the time ({r.factors.outcomes} answers so far)
          </li>
          <li>
            Worth {formatMoney(r.factors.valueCents, r.currency)} to the business; weight {r.factors.lever}
            {r.mode === 'needsApproval' ? ', halved while it needs approval' : ''}
          </li>
        </ul>
      </details>
    </li>
  );
}

function Act(props: { r: Recommendation; actions: PanelActions; amount: string | null; grant: GrantState; onGrant(): void }) {
  const { r, actions, amount, grant } = props;
  if (r.mode === 'step') return <span class="step">{STEP_WORDS[r.step ?? ''] ?? r.name}</span>;
  if (!r.action || r.amountCents === null) return null;
  const what = { action: r.action, amountCents: r.amountCents, reasonCode: r.reasonCode ?? undefined };
  // Granted from here: said in place of the button, so it is not clicked twice for one gesture.
  if (grant && grant !== 'pending' && grant.ok)
    return (
      <span class="granted-here" data-field="offer-granted">
        {grant.message}
      </span>
    );
  if (r.mode === 'grantable')
    return (
      <span class="grant-wrap">
        <button
          type="button"
          class="grant"
          // Not `disabled` while on its way: the focus ring stays (lib/in-flight.ts); a second press starts nothing.
          aria-disabled={grant === 'pending' ? 'true' : undefined}
          onClick={() => {
            if (grant === 'pending') return;
            props.onGrant();
            actions.grant(what);
          }}
        >
          {grant === 'pending' ? 'Granting…' : `Grant ${amount}`}
        </button>
        {grant && grant !== 'pending' && <span class="error">{grant.message}</span>}
      </span>
    );
  return (
    <button
      type="button"
      class="ask-level"
      title={r.approval?.reason}
      onClick={() => actions.requestException({ ...what, note: `Suggested offer “${r.name}”: ${r.reason}` })}
    >
      Ask {r.approval?.levelName ?? 'approval'}
    </button>
  );
}

function Answer({ answered, onAnswer, name }: { answered: Answered[string] | undefined; onAnswer(accepted: boolean): void; name: string }) {
  if (answered && 'accepted' in answered)
    return (
      <span class="answered" data-field="offer-answer">
        {answerWords(answered)}
      </span>
    );
  return (
    <span class="answer">
      <span class="muted">Customer:</span>
      <button type="button" onClick={() => onAnswer(true)} aria-label={`The customer accepted ${name}`}>
        Accepted
      </button>
      <button type="button" onClick={() => onAnswer(false)} aria-label={`The customer declined ${name}`}>
        Declined
      </button>
      {answered && 'error' in answered && <span class="error">{answered.error}</span>}
    </span>
  );
}
