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
 * A Chrome match pattern (https://developer.chrome.com/docs/extensions/develop/concepts/match-patterns)
 * naming exact hosts: the extension asks the user for exactly that origin, never for "every site",
 * and never for every host under a domain. A wildcard host such as *.zendesk.com would run the
 * adapter on any account of that helpdesk, an attacker's free trial included, and *.com or
 * *.co.uk on whole top-level domains; telling them apart would need the public-suffix list, so
 * no wildcard host is accepted: an admin lists each host.
 */
const MATCH_PATTERN = /^(https?|\*):\/\/(\*|\*\.[^/*:]+|[^/*:]+)(:\d{1,5})?(\/.*)$/;
export function matchPatternProblem(p: string): string | null {
  const m = MATCH_PATTERN.exec(p);
  if (!m) return 'must be a match pattern like https://support.example.com/* (scheme://host/path)';
  if (m[2] === '*') return 'must name a site: a host of "*" would ask for every website';
  if (m[2]!.startsWith('*.')) {
    const domain = m[2]!.slice(2);
    return `must name exact hosts: "*.${domain}" would run the adapter on every host under ${domain}, anyone's included; list each of your helpdesk's hosts instead, e.g. ${m[1] === '*' ? 'https' : m[1]}://support.${domain}/*`;
  }
  if (m[3]) return 'must not carry a port: Chrome match patterns match every port of a host';
  if (/[?#]/.test(m[4]!)) {
    return 'must not contain a query (?) or a hash route (#): match patterns never see them, so this one would match nothing; match the path (e.g. https://support.example.com/*) and put the route in ticketUrl, e.g. #/tickets/(\\d+)';
  }
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
  if (unknown.length)
    return `has unknown named group${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}: use id, ${REQUESTER_FIELDS.join(', ')}`;
  if (named.length && !named.includes('id')) return 'must name the ticket id group (?<id>…) when it uses named groups';
  return null;
}
/**
 * A simple structural check of one CSS selector, the same on the server (no DOM) and in the
 * extension: the browser's querySelector is the final judge, and the extension reports a
 * selector it rejects in diagnostics. `{id}` stands for the ticket id (see selectorChainProblem).
 */
export function selectorProblem(s: string): string | null {
  if (!s.trim()) return 'must not be empty';
  const css = s.replaceAll(TICKET_ID, '0');
  if (/[{};]/.test(css)) return 'must be a CSS selector, not a style rule (no { } or ;; {id} is the only placeholder)';
  if (/^\s*[>+~,]|[>+~,]\s*$/.test(css)) return 'must not start or end with a combinator or comma';
  const closing: Record<string, string> = { ')': '(', ']': '[' };
  const stack: string[] = [];
  let quote: string | null = null;
  for (const ch of css) {
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

/** Stands for the ticket id in a selector, e.g. activeScope `[data-ticket-id="{id}"]`: a pane keyed by the ticket. */
export const TICKET_ID = '{id}';

/**
 * A declarative selector is CSS, or a chain of CSS steps that enters frames and shadow roots on
 * the way, one step at a time, with a plain keyword between " >> " separators:
 *
 *   iframe#ticket-frame >> frame >> .requester a[href^="mailto:"]
 *   x-customer-card >> shadow >> .email
 *   iframe.app >> frame >> x-card >> shadow >> .email
 *
 * "A >> frame >> B": B inside the document of the same-origin iframe A; "A >> shadow >> B": B
 * inside the open shadow root of A. Each CSS step matches in the light DOM of where the chain is.
 */
export type SelectorStep = { css: string; enter?: 'frame' | 'shadow' };
const STEP = /\s+>>\s+/;

/**
 * The steps of a selector chain the schema accepted, without the checks and their sentences: the
 * content script's version (it loads on every helpdesk page, and the background validated the
 * definition before storing it). A step it cannot read makes an empty chain, which matches nothing.
 */
export function splitSelectorChain(s: string): SelectorStep[] {
  const parts = s.trim().split(STEP);
  const steps: SelectorStep[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const enter = parts[i + 1];
    if (enter !== undefined && enter !== 'frame' && enter !== 'shadow') return [];
    steps.push(enter ? { css: parts[i]!, enter } : { css: parts[i]! });
  }
  return steps.at(-1)?.enter ? [] : steps;
}

/** The steps of a selector chain, or a sentence saying what to write instead. */
export function parseSelectorChain(s: string): SelectorStep[] | string {
  const say =
    'write "host-selector >> shadow >> inner-selector" to enter a shadow root, or "iframe-selector >> frame >> inner-selector" to enter a frame';
  if (s.includes('>>>')) return `uses ">>>", which no browser supports: ${say}`;
  if (/\/deep\/|::shadow\b|::part\(/i.test(s))
    return `uses ${/\/deep\//i.test(s) ? '"/deep/"' : /::shadow/i.test(s) ? '"::shadow"' : '"::part()"'}, which Leeway does not read: ${say}`;
  const parts = s.trim().split(STEP);
  if (parts.some((p) => p.includes('>>'))) return `has ">>" without a space on each side: ${say}`;
  const steps: SelectorStep[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const css = parts[i]!;
    const enter = parts[i + 1];
    if (enter !== undefined && enter !== 'frame' && enter !== 'shadow')
      return `has "${enter}" after ">>", where only frame or shadow may stand: ${say}`;
    if (enter !== undefined && i + 2 >= parts.length)
      return `ends with ">> ${enter}": name what to read inside it, e.g. "${css} >> ${enter} >> .email"`;
    if (css === 'frame' || css === 'shadow') return `has "${css}" where a CSS selector should stand: ${say}`;
    const problem = selectorProblem(css);
    if (problem) return parts.length > 1 ? `step "${css}" ${problem}` : problem;
    steps.push(enter ? { css, enter } : { css });
  }
  return steps;
}
export function selectorChainProblem(s: string): string | null {
  const r = parseSelectorChain(s);
  return typeof r === 'string' ? r : null;
}

/** A ticket id inside a CSS attribute value: quotes and backslashes escaped. */
export const withTicketId = (selector: string, ticketId: string) => selector.replaceAll(TICKET_ID, ticketId.replace(/["\\]/g, '\\$&'));

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
