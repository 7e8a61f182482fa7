/**
 * Turns an admin's declarative definition (shared/schemas/adapters.ts) into a HelpdeskAdapter,
 * so a helpdesk Leeway has never heard of works with no new build.
 *
 * The ticket id and any requester fields named in the URL come from `ticketUrl`, tested against
 * the full address. Selectors are read inside `activeScope` when given (apps that keep several
 * tickets mounted), and the reader waits for the *first* requester selector to appear, as
 * helpdesks render their requester panel late. A mailto:/tel: link is read by its href.
 */
import { MatchPattern } from 'wxt/utils/match-patterns';
import { customHelpdeskId, REQUESTER_FIELDS, type RequesterField } from '../../shared/adapter-rules';
import type { AdapterDefinition } from '../../shared/schemas/adapters';
import { waitFor } from '../lib/wait-for';
import { cleanRequester, reading } from './requester';
import type { HelpdeskAdapter } from './types';

const READ_TIMEOUT_MS = 4000;

/** The value an element shows: a link's address for mailto:/tel:, an input's value, else its text. */
function valueOf(el: Element | null | undefined): string | undefined {
  if (!el) return undefined;
  const href = el.getAttribute('href');
  const link = href && /^(mailto|tel):([^?]*)/i.exec(href);
  if (link) return decodeURIComponent(link[2]!).trim() || undefined;
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) return el.value.trim() || undefined;
  return el.textContent?.trim() || undefined;
}

/** querySelector that treats a selector the browser rejects as "not found" instead of throwing mid-read. */
function safeQuery(root: ParentNode, selector: string): Element | null {
  try {
    return root.querySelector(selector);
  } catch {
    return null;
  }
}

export function declarativeAdapter(def: AdapterDefinition): HelpdeskAdapter {
  const ticketUrl = new RegExp(def.ticketUrl);
  const patterns = def.matches.map((m) => new MatchPattern(m));
  const selectors = def.selectors ?? {};
  const pageFields = REQUESTER_FIELDS.filter((f) => selectors[f]);
  const fromUrl = (href: string) => ticketUrl.exec(href);
  /** The element the last reading came from, and what it said then. */
  let previous: { el: Element; text: string | undefined } | null = null;

  return {
    id: customHelpdeskId(def.name),
    name: def.name,
    matches: def.matches,
    detect: (url) => patterns.some((p) => p.includes(url)) && fromUrl(url.href) !== null,
    ticketIdFromUrl(url) {
      if (!patterns.some((p) => p.includes(url))) return null;
      const m = fromUrl(url.href);
      return (m?.groups?.id ?? m?.[1]) || null;
    },
    async readRequester(ticketId, signal) {
      const m = fromUrl(location.href);
      const raw: Partial<Record<RequesterField, string>> = {};
      for (const f of REQUESTER_FIELDS) if (m?.groups?.[f]) raw[f] = decodeURIComponent(m.groups[f]);
      let source = 'url';
      if (pageFields.length) {
        source = Object.keys(raw).length ? 'url + page' : 'page';
        // Wait for the first field the page will show, inside the active ticket when the page says
        // which that is; the others render with it. Never hold on to a container across the wait:
        // single-page apps replace whole panes when the late parts arrive.
        // The previous ticket's element is not this ticket's: the app may still show it while it
        // swaps (the URL changes first). Same node with the same text is skipped until the time runs out.
        const scoped = selectors.activeScope;
        const selector = selectors[pageFields[0]!]!;
        const fresh = (el: Element) => (!scoped || !!el.closest(scoped)) && !(previous?.el === el && valueOf(el) === previous.text);
        await new Promise((r) => setTimeout(r, 0)); // let a swap made in the navigation's own task land
        const first = (await waitFor(document, selector, { signal, timeoutMs: READ_TIMEOUT_MS, where: fresh })) ?? (signal.aborted ? null : safeQuery(document, selector));
        if (first) previous = { el: first, text: valueOf(first) };
        const scope = scoped ? (first?.closest(scoped) ?? safeQuery(document, scoped)) : document;
        if (scope) for (const f of pageFields) raw[f] ??= valueOf(safeQuery(scope, selectors[f]!));
      }
      if (signal.aborted) throw new Error(`reading ticket ${ticketId} was cancelled`);
      return reading(cleanRequester({ email: raw.email, name: raw.name, phone: raw.phone, helpdeskId: raw.requesterId }), source);
    },
  };
}
