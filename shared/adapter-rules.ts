/**
 * The rules a declarative adapter definition must follow, without zod: the schema in
 * shared/schemas/adapters.ts applies them on the server, and the content script (which must
 * stay small) uses the same helpers.
 */
/** The requester fields a definition may read, from the page (selectors) or the URL (named groups). */
export const REQUESTER_FIELDS = ['email', 'name', 'phone', 'requesterId'] as const;
export type RequesterField = (typeof REQUESTER_FIELDS)[number];
const URL_GROUPS = new Set<string>(['id', ...REQUESTER_FIELDS]);

/**
 * A Chrome match pattern (https://developer.chrome.com/docs/extensions/develop/concepts/match-patterns),
 * restricted to one site: the extension asks the user for exactly that origin, never for "every site".
 */
const MATCH_PATTERN = /^(https?|\*):\/\/(\*|\*\.[^/*:]+|[^/*:]+)(:\d{1,5})?(\/.*)$/;
export function matchPatternProblem(p: string): string | null {
  const m = MATCH_PATTERN.exec(p);
  if (!m) return 'must be a match pattern like https://support.example.com/* (scheme://host/path)';
  if (m[2] === '*') return 'must name a site: a host of "*" would ask for every website';
  if (m[3]) return 'must not carry a port: Chrome match patterns match every port of a host';
  return null;
}
/**
 * A regex string tested against the page's full address (href). The ticket id is the group
 * named `id`, else the first group (no named groups); named groups email/name/phone/requesterId read the
 * requester from the URL itself.
 */
export function ticketUrlProblem(source: string): string | null {
  try {
    new RegExp(source);
  } catch (e) {
    return `is not a valid regular expression: ${(e as Error).message}`;
  }
  // A regex with n groups matches the empty alternative with n+1 slots: counts the groups without running the regex on data.
  const groups = new RegExp(`${source}|`).exec('')!.length - 1;
  if (groups < 1) return 'must have a capture group for the ticket id, like /tickets/(\\d+)';
  const named = [...source.matchAll(/\(\?<([A-Za-z_$][\w$]*)>/g)].map((m) => m[1]!);
  const unknown = named.filter((n) => !URL_GROUPS.has(n));
  if (unknown.length) return `has unknown named group${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}: use id, ${REQUESTER_FIELDS.join(', ')}`;
  if (named.length && !named.includes('id')) return 'must name the ticket id group (?<id>…) when it uses named groups';
  return null;
}
/**
 * A simple structural check, the same on the server (no DOM) and in the extension: the browser's
 * querySelector is the final judge, and the extension reports a selector it rejects in diagnostics.
 */
export function selectorProblem(s: string): string | null {
  if (!s.trim()) return 'must not be empty';
  if (/[{};]/.test(s)) return 'must be a CSS selector, not a style rule (no { } or ;)';
  if (/^\s*[>+~,]|[>+~,]\s*$/.test(s)) return 'must not start or end with a combinator or comma';
  const closing: Record<string, string> = { ')': '(', ']': '[' };
  const stack: string[] = [];
  let quote: string | null = null;
  for (const ch of s) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(' || ch === '[') stack.push(ch);
    else if (ch in closing && stack.pop() !== closing[ch]) return `has an unbalanced "${ch}"`;
  }
  if (quote) return 'has an unclosed quote';
  if (stack.length) return `has an unclosed "${stack.at(-1)}"`;
  return null;
}
export const customHelpdeskId = (name: string): `custom:${string}` =>
  `custom:${
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'helpdesk'
  }`;
