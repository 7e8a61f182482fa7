/**
 * Whether a configured secret is strong enough for production. A cheap guard against the usual
 * mistakes (a placeholder, a short word, one piece repeated, a keyboard run), not a proof of
 * randomness: secrets should come from a generator such as `openssl rand`.
 */

/** The fewest characters a production secret may have. */
export const MIN_SECRET_LENGTH = 32;
/** The fewest bits the characters' spread suggests (32 random hex characters give about 115). */
const MIN_ESTIMATED_BITS = 90;
/** Words of placeholders and examples, which no generator produces by chance. */
const PLACEHOLDERS = /changeme|change-me|secret|password|passw0rd|example|placeholder|default|letmein|qwerty/i;

/** Why `value` is too weak, as a phrase ("is shorter than 32 characters"), or null when it will do. */
export function secretWeakness(value: string): string | null {
  if (value.length < MIN_SECRET_LENGTH) return `is shorter than ${MIN_SECRET_LENGTH} characters`;
  if (PLACEHOLDERS.test(value)) return 'looks like a placeholder or a word, not a generated secret';
  const period = shortestPeriod(value);
  if (period <= value.length / 2) return `repeats the same ${period} character${period === 1 ? '' : 's'}`;
  if (runShare(value) > 0.5) return 'is mostly a run of neighbouring characters (like "abcd" or "1234")';
  if (estimatedBits(value) < MIN_ESTIMATED_BITS) return 'uses too few different characters to be random';
  return null;
}

/** The length of the shortest piece whose repetition spells `s` (the last copy may be cut short). */
function shortestPeriod(s: string): number {
  // Knuth–Morris–Pratt failure function: the longest proper prefix that is also a suffix.
  const fail = new Array<number>(s.length).fill(0);
  for (let i = 1, k = 0; i < s.length; i++) {
    while (k > 0 && s[i] !== s[k]) k = fail[k - 1]!;
    if (s[i] === s[k]) k++;
    fail[i] = k;
  }
  return s.length - fail[s.length - 1]!;
}

/** The share of neighbouring characters that step by -1, 0 or +1 ("aaaa", "abcd", "4321"). */
function runShare(s: string): number {
  let steps = 0;
  for (let i = 1; i < s.length; i++) if (Math.abs(s.charCodeAt(i) - s.charCodeAt(i - 1)) <= 1) steps++;
  return steps / (s.length - 1);
}

/** Shannon entropy of the characters' frequencies, times the length: an upper bound on the secret's bits. */
function estimatedBits(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) perChar -= (n / s.length) * Math.log2(n / s.length);
  return perChar * s.length;
}
