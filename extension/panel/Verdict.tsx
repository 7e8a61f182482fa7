import type { Decision } from '@shared/policy/types';

/**
 * The check of the typed amount, in one sentence with no word said twice: the evaluator's reason
 * already says "Within your leeway…" or which level an amount needs; only the other outcomes get
 * a lead. What is missing (an amount, a reason) is a prompt, not a refusal.
 */
const LEAD: Record<Decision['outcome'], string | null> = {
  allowed: null,
  needs_approval: 'Over your leeway.',
  forbidden: 'Not allowed.',
};

interface Props {
  typed: string;
  amountCents: number | null;
  decision: Decision | null;
  /** The action needs a reason and none is picked yet: what to do next. */
  reasonPrompt: string | null;
}

export function Verdict({ typed, amountCents, decision, reasonPrompt }: Props) {
  if (typed && amountCents == null) return <Prompt text="Type an amount like 25 or 25.50." />;
  if (amountCents === 0) return <Prompt text="Type an amount above zero." />;
  if (!decision) return null;
  const lead = LEAD[decision.outcome];
  return (
    <>
      <p class={`verdict ${decision.outcome}`} data-outcome={decision.outcome} data-field="verdict">
        {lead && <strong>{lead} </strong>}
        {decision.reason}
      </p>
      {reasonPrompt && <Prompt text={reasonPrompt} field="reason-prompt" />}
    </>
  );
}

function Prompt({ text, field = 'prompt' }: { text: string; field?: string }) {
  return (
    <p class="prompt" data-field={field}>
      {text}
    </p>
  );
}
