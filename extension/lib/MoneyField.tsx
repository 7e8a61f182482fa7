import { currencySymbol } from '@shared/code-label';

/**
 * An amount typed in a currency: the symbol beside the field (never a placeholder, which is cut
 * short and gone once typed), decimal keyboard, no autofill. The agent's panel and the lead's
 * side panel both use it, so an amount looks and reads the same on both.
 */
export function MoneyField(props: {
  name: string;
  currency: string;
  value: string;
  onInput: (text: string) => void;
  /** The field's accessible name when no visible <label for=id> names it. */
  label?: string;
  id?: string;
}) {
  return (
    <div class="money">
      <span class="currency" aria-hidden="true">
        {currencySymbol(props.currency)}
      </span>
      <input
        id={props.id}
        name={props.name}
        aria-label={props.label}
        inputMode="decimal"
        autoComplete="off"
        placeholder="0.00"
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </div>
  );
}
