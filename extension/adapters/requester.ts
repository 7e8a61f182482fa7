/** Helpdesk-agnostic helpers for turning what a page or a helpdesk API shows into a valid Requester. */
import { EMAIL_PATTERN, PHONE_E164_PATTERN } from '@shared/patterns';
import type { Requester } from '@shared/schemas/context';
import { queryDeep } from './dom/query-deep';
import { ApiError, type ReadingProof, type RequesterReading } from './types';

/** Keeps only values the server will accept, so one odd field never loses the others. */
export function cleanRequester(raw: { email?: unknown; phone?: unknown; name?: unknown; helpdeskId?: unknown }): Requester {
  const out: Requester = {};
  const email = typeof raw.email === 'string' ? raw.email.trim() : '';
  if (email.length <= 254 && EMAIL_PATTERN.test(email)) out.email = email;
  const phone = typeof raw.phone === 'string' ? raw.phone.replace(/[\s().-]/g, '') : '';
  if (PHONE_E164_PATTERN.test(phone)) out.phone = phone;
  if (typeof raw.name === 'string' && raw.name.trim()) out.name = raw.name.trim().slice(0, 200);
  if ((typeof raw.helpdeskId === 'string' || typeof raw.helpdeskId === 'number') && String(raw.helpdeskId)) {
    out.helpdeskId = String(raw.helpdeskId).slice(0, 128);
  }
  return out;
}

export function reading(requester: Requester, source: string, proof: ReadingProof, container?: Element | null): RequesterReading {
  const missing: string[] = [];
  if (!requester.email) missing.push('email');
  if (!requester.email && !requester.phone) missing.push('phone');
  return { requester, source, missing, proof, ...(container ? { container } : {}) };
}

/** Retry-After as ms: delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  if (/^\s*\d+\s*$/.test(header)) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** GET a same-origin JSON API on the agent's session; a refusal throws ApiError (status, Retry-After). */
export async function getJson(url: string, signal: AbortSignal, headers: Record<string, string> = {}): Promise<unknown> {
  const res = await fetch(url, { credentials: 'same-origin', signal, headers: { accept: 'application/json', ...headers } });
  if (!res.ok) throw new ApiError(`${url} answered ${res.status}`, res.status, retryAfterMs(res.headers.get('retry-after')));
  return res.json();
}

/** Text of the first match under `root` (its shadow roots included), trimmed; undefined when absent or empty. */
export function textOf(root: ParentNode | null | undefined, selector: string): string | undefined {
  const text = (root && queryDeep(root, selector))?.textContent?.trim();
  return text || undefined;
}

/** The address of a mailto:/tel: link, which is steadier than the link's visible text. */
export function linkValue(root: ParentNode | null | undefined, scheme: 'mailto' | 'tel'): string | undefined {
  const href = (root && queryDeep<HTMLAnchorElement>(root, `a[href^="${scheme}:" i]`))?.getAttribute('href');
  return href ? hrefValue(href, scheme) : undefined;
}

/** The address in a mailto:/tel: href, without its query; undefined when malformed or empty. */
export function hrefValue(href: string, scheme: 'mailto' | 'tel'): string | undefined {
  try {
    return decodeURIComponent(href.slice(scheme.length + 1).split('?')[0]!).trim() || undefined;
  } catch {
    return undefined; // a malformed %-escape
  }
}

/** The last path segment of a link's href that matches `pattern` (capture 1), e.g. a customer id. */
export function idFromHref(el: Element | null | undefined, pattern: RegExp): string | undefined {
  const href = el?.getAttribute('href');
  return (href && pattern.exec(href)?.[1]) || undefined;
}

/** The current address as a URL (the watcher checks it shows the ticket before accepting anything). */
export const here = () => new URL(location.href);
