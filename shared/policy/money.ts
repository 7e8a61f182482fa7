/**
 * formatMoney's exact output, made without Intl for the amounts reasons usually carry. Intl's
 * format costs about a microsecond a call, more than the rest of an evaluation; a decision
 * over a budget or a cap words two amounts. Per currency, the symbol's place is learnt from
 * Intl once and checked against it on sample amounts; anything unusual (a currency whose
 * shape is not "prefix 1,234.56 suffix", a negative, fractional or huge amount) goes to
 * formatMoney itself. money.test.ts holds the two to the same text.
 */
import { formatMoney } from '../describe-event';

interface Shape {
  prefix: string;
  suffix: string;
}

/** Beyond this, cents / 100 as a double might not round to the amount's own two decimals. */
const MAX_FAST_CENTS = 1e12;
const SAMPLES = [0, 1, 5, 10, 99, 100, 101, 999, 1_000, 1_050, 99_999, 100_000, 123_456_789, 100_000_000_000, MAX_FAST_CENTS];

const shapes = new Map<string, Shape | null>();

/** 1234567 → "1,234,567", as en-US groups digits. */
function grouped(n: number): string {
  const d = String(n);
  const head = d.length % 3 || 3;
  let out = d.slice(0, head);
  for (let i = head; i < d.length; i += 3) out += `,${d.slice(i, i + 3)}`;
  return out;
}

const fast = (shape: Shape, cents: number) => {
  const frac = cents % 100;
  const whole = grouped((cents - frac) / 100);
  return `${shape.prefix}${whole}${frac === 0 ? '' : frac < 10 ? `.0${frac}` : `.${frac}`}${shape.suffix}`;
};

function learn(currency: string): Shape | null {
  let parts: Intl.NumberFormatPart[];
  try {
    parts = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    }).formatToParts(1234.56);
  } catch {
    return null; // formatMoney will throw the same error, as it always did
  }
  const first = parts.findIndex((p) => p.type === 'integer');
  const last = parts.length - 1 - [...parts].reverse().findIndex((p) => p.type === 'fraction');
  if (first < 0 || last >= parts.length) return null;
  const text = (from: number, to: number) =>
    parts
      .slice(from, to)
      .map((p) => p.value)
      .join('');
  const shape = { prefix: text(0, first), suffix: text(last + 1, parts.length) };
  return SAMPLES.every((c) => fast(shape, c) === formatMoney(c, currency)) ? shape : null;
}

export function moneyText(cents: number, currency: string): string {
  if (!Number.isInteger(cents) || cents < 0 || cents > MAX_FAST_CENTS || Object.is(cents, -0)) return formatMoney(cents, currency);
  let shape = shapes.get(currency);
  if (shape === undefined) {
    shape = learn(currency);
    shapes.set(currency, shape);
  }
  return shape ? fast(shape, cents) : formatMoney(cents, currency);
}
