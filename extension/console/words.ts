import { codeLabel } from '@shared/code-label';

/** Counts in words for the console: "1 entry", "2 entries", "1 pick". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A review's or dispute's state as a person says it. */
export const STATUS_WORDS: Record<string, string> = {
  final: 'final',
  disputed: 'disputed',
  upheld: 'upheld on dispute',
  amended: 'amended on dispute',
  open: 'open',
  raised: 'raised',
};

/** A sentence the server wrote with a policy code in it ("account_credit $35 beyond leeway"): the code in words. */
export function codesInWords(text: string): string {
  return text.replace(/\b[a-z]+(?:_[a-z]+)+\b/g, (code) => codeLabel(code).toLowerCase());
}
