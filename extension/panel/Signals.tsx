import type { Signals as SignalsData } from '@shared/schemas/signals';
import { timeLeft } from '@shared/time-words';
import { useNow } from '../lib/use-now';
import { Sparkline } from './Sparkline';
import './context.css';

const TREND = { improving: '↗ improving', worsening: '↘ worsening', steady: '→ steady', unknown: 'not read yet' } as const;

function SlaClock({ dueAt, target }: { dueAt: string; target: number }) {
  const now = useNow();
  const left = (Date.parse(dueAt) - now) / 1000;
  return (
    <span
      class={`sla-clock ${left < 0 ? 'breached' : left < 15 * 60 ? 'soon' : ''}`}
      data-field="sla"
      title={`First-response target ${target} min`}
    >
      SLA {timeLeft(dueAt, now)}
    </span>
  );
}

/**
 * The signals row: what to know before answering, with the reasons behind each. While a hard stop
 * holds, its banner is the guidance: no suggestion stands beside it (the server leaves them out too).
 */
export function Signals({ signals, hardStopped }: { signals: SignalsData; hardStopped: boolean }) {
  const { churn, repeatContact, sentiment, surveys, sla } = signals;
  return (
    <section class="signals" aria-label="Signals">
      <div class="chips">
        <span class={`chip churn-${churn.level}`} data-field="churn" title={churn.reasons.join('\n') || 'No risk signals'}>
          Churn risk {churn.level}
        </span>
        {repeatContact.count > 0 && (
          <span class="chip warn" data-field="repeat">
            Repeat contact: {repeatContact.count + 1} in {repeatContact.days} days
          </span>
        )}
        {sla && <SlaClock dueAt={sla.dueAt} target={sla.targetMinutes} />}
      </div>
      {churn.reasons.length > 0 && <p class="reasons muted">{churn.reasons.join(' · ')}</p>}
      <div class="trends">
        <span data-field="sentiment" data-trend={sentiment.trend}>
          Mood <strong>{TREND[sentiment.trend]}</strong>
        </span>
        <Sparkline points={sentiment.points} min={-5} max={5} label="Sentiment of the customer's messages" />
        {surveys.length > 0 && (
          <>
            <span>
              Surveys <strong>{surveys.map((s) => `${s.survey.toUpperCase()} ${s.score}`).at(-1)}</strong>
            </span>
            <Sparkline points={surveys.map((s) => (s.survey === 'nps' ? s.score / 2 : s.score))} min={0} max={5} label="Survey scores" />
          </>
        )}
      </div>
      {signals.cautions.map((c) => (
        <p key={c} class="caution" data-field="caution">
          {c}
        </p>
      ))}
      {(hardStopped ? [] : signals.suggestions).map((s) => (
        <p key={s} class="suggestion" data-field="suggestion">
          {s}
        </p>
      ))}
    </section>
  );
}
