/**
 * Turns an admin's declarative definition (shared/schemas/adapters.ts) into a HelpdeskAdapter,
 * so a helpdesk Leeway has never heard of works with no new build.
 *
 * The ticket id and any requester fields named in the URL come from `ticketUrl`, tested against
 * the full address. Selectors are read inside `activeScope` when given (apps that keep several
 * tickets mounted); a selector may enter frames and shadow roots step by step
 * ("iframe#t >> frame >> .email", see parseSelectorChain). A mailto:/tel: link is read by its href.
 *
 * Proof (watch-requester.ts decides): URL fields alone are the ticket's own ('url'); an
 * activeScope with "{id}" is a pane keyed by the ticket ('pane'); any other page reading only
 * counts once it differs from the previous ticket's ('changed'), so a redrawn card still showing
 * the previous requester is never taken for the new ticket.
 */
import { MatchPattern } from 'wxt/utils/match-patterns';
import {
  customHelpdeskId,
  REQUESTER_FIELDS,
  splitSelectorChain,
  TICKET_ID,
  withTicketId,
  type RequesterField,
  type SelectorStep,
} from '@shared/adapter-rules';
import type { AdapterDefinition } from '@shared/schemas/adapters';
import { frameDocument, locateAll } from './dom/query-deep';
import { cleanRequester, hrefValue, reading } from './requester';
import type { Refusal, RequesterReading } from './types';
import { define } from './watch-requester';

/** The value an element shows: a link's address for mailto:/tel:, an input's value, else its text. */
function shownValue(el: Element | null | undefined): string | undefined {
  if (!el) return undefined;
  const href = el.getAttribute('href');
  const scheme = href && /^(mailto|tel):/i.exec(href)?.[1]?.toLowerCase();
  if (href && scheme) return hrefValue(href, scheme as 'mailto' | 'tel');
  // By tag name, not instanceof: an element inside a frame belongs to the frame's window.
  if (el.localName === 'input' || el.localName === 'textarea') return (el as HTMLInputElement).value.trim() || undefined;
  return el.textContent?.trim() || undefined;
}

/** Every element a selector chain reaches from `root`; a step the browser rejects reaches nothing. */
export function queryChain(root: ParentNode, steps: SelectorStep[]): Element[] {
  let roots: ParentNode[] = [root];
  for (const [i, step] of steps.entries()) {
    let found: Element[];
    try {
      found = roots.flatMap((r) => [...r.querySelectorAll(step.css)]);
    } catch {
      return [];
    }
    if (i === steps.length - 1) return found;
    roots = found
      .map((el) => (step.enter === 'frame' ? frameDocument(el) : el.shadowRoot))
      .filter((r): r is Document | ShadowRoot => r !== null);
  }
  return [];
}

/** The match for `steps` closest around `el` (the card a field belongs to), never outside `scope`. */
function nearest(el: Element, steps: SelectorStep[], scope: ParentNode): Element | undefined {
  for (let at: Element | null = el; at && at !== scope; at = at.parentElement) {
    const hit = queryChain(at, steps)[0];
    if (hit) return hit;
  }
  return queryChain(scope, steps)[0];
}

export function declarativeAdapter(def: AdapterDefinition) {
  const ticketUrl = new RegExp(def.ticketUrl);
  const patterns = def.matches.map((m) => new MatchPattern(m));
  const selectors = def.selectors ?? {};
  const pageFields = REQUESTER_FIELDS.filter((f) => selectors[f]);
  const fromUrl = (href: string) => ticketUrl.exec(href);
  /** The steps of a selector for this ticket (the background validated the definition). */
  const steps = (selector: string, ticketId: string): SelectorStep[] => splitSelectorChain(withTicketId(selector, ticketId));
  const keyed = !!selectors.activeScope?.includes(TICKET_ID);

  function urlFields(ticketId: string): Partial<Record<RequesterField, string>> {
    const m = fromUrl(location.href);
    const raw: Partial<Record<RequesterField, string>> = {};
    if ((m?.groups?.id ?? m?.[1]) !== ticketId) return raw;
    for (const f of REQUESTER_FIELDS) {
      try {
        if (m?.groups?.[f]) raw[f] = decodeURIComponent(m.groups[f]);
      } catch {
        // a malformed %-escape: the field is missing
      }
    }
    return raw;
  }

  const requester = (raw: Partial<Record<RequesterField, string>>) =>
    cleanRequester({ email: raw.email, name: raw.name, phone: raw.phone, helpdeskId: raw.requesterId });

  return define({
    id: customHelpdeskId(def.name),
    name: def.name,
    matches: def.matches,
    // Its ticketUrl is a pattern to read addresses, not to write one.
    ticketPath: () => null,
    detect: (url) => patterns.some((p) => p.includes(url)) && fromUrl(url.href) !== null,
    ticketIdFromUrl(url) {
      if (!patterns.some((p) => p.includes(url))) return null;
      const m = fromUrl(url.href);
      return (m?.groups?.id ?? m?.[1]) || null;
    },
    readPage(ticketId): RequesterReading[] {
      const url = urlFields(ticketId);
      if (!pageFields.length) return Object.keys(url).length ? [reading(requester(url), 'url', 'url')] : [];
      const source = Object.keys(url).length ? 'url + page' : 'page';
      const first = steps(selectors[pageFields[0]!]!, ticketId);
      const scopes: ParentNode[] = selectors.activeScope ? queryChain(document, steps(selectors.activeScope, ticketId)) : [document];
      // One candidate per card: each match of the first field, with the other fields of the same card.
      return scopes.flatMap((scope) =>
        queryChain(scope, first).map((card) => {
          const raw = { ...url };
          raw[pageFields[0]!] ??= shownValue(card);
          for (const f of pageFields.slice(1)) raw[f] ??= shownValue(nearest(card, steps(selectors[f]!, ticketId), scope));
          const container = keyed ? (scope as Element) : card;
          return reading(requester(raw), source, keyed ? 'pane' : 'changed', container);
        }),
      );
    },
    explainMiss(ticketId): Refusal | null {
      if (!pageFields.length) return { kind: 'no-match', detail: `the address does not match ticketUrl ${def.ticketUrl}` };
      const field = pageFields[0]!;
      for (const [what, selector] of [
        ['activeScope', selectors.activeScope],
        [field, selectors[field]],
      ] as const) {
        if (!selector) continue;
        const chain = steps(selector, ticketId);
        if (queryChain(document, chain).length) continue;
        // Would the last step match deeper down, where this chain does not go?
        const deeper = locateAll(document, chain.at(-1)?.css ?? selector).find((m) => m.depth !== 'light');
        if (deeper?.depth === 'frame')
          return {
            kind: 'in-frame',
            detail: `the ${what} selector ${selector} matches only inside a frame: write "iframe-selector >> frame >> ${chain.at(-1)?.css}"`,
          };
        if (deeper?.depth === 'shadow')
          return {
            kind: 'in-shadow-root',
            detail: `the ${what} selector ${selector} matches only inside a shadow root: write "host-selector >> shadow >> ${chain.at(-1)?.css}"`,
          };
        if (what === 'activeScope')
          return { kind: 'no-match', detail: `the activeScope selector ${withTicketId(selector, ticketId)} matches nothing on the page` };
      }
      return {
        kind: 'no-match',
        detail: `the ${field} selector ${selectors[field]} matches nothing${selectors.activeScope ? ` inside ${withTicketId(selectors.activeScope, ticketId)}` : ''} on the page`,
      };
    },
  });
}
