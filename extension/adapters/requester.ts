/** Helpdesk-agnostic helpers for turning what a page shows into a valid Requester. */
import { EMAIL_PATTERN, PHONE_E164_PATTERN } from '../../shared/patterns';
import type { Requester } from '../../shared/schemas/context';
import type { RequesterReading } from './types';

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

export function reading(requester: Requester, source: string): RequesterReading {
  const missing: string[] = [];
  if (!requester.email) missing.push('email');
  if (!requester.email && !requester.phone) missing.push('phone');
  return { requester, source, missing };
}

export async function getJson(url: string, signal: AbortSignal): Promise<unknown> {
  const res = await fetch(url, { credentials: 'same-origin', signal, headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return res.json();
}

/** Text of the first match under `root`, trimmed; undefined when absent or empty. */
export function textOf(root: ParentNode | null | undefined, selector: string): string | undefined {
  const text = root?.querySelector(selector)?.textContent?.trim();
  return text || undefined;
}

/** The address of a mailto:/tel: link, which is steadier than the link's visible text. */
export function linkValue(root: ParentNode | null | undefined, scheme: 'mailto' | 'tel'): string | undefined {
  const href = root?.querySelector<HTMLAnchorElement>(`a[href^="${scheme}:" i]`)?.getAttribute('href');
  if (!href) return undefined;
  return decodeURIComponent(href.slice(scheme.length + 1).split('?')[0]!).trim() || undefined;
}

/** The last path segment of a link's href that matches `pattern` (capture 1), e.g. a customer id. */
export function idFromHref(el: Element | null | undefined, pattern: RegExp): string | undefined {
  const href = el?.getAttribute('href');
  return (href && pattern.exec(href)?.[1]) || undefined;
}

/** The helpdesk's own same-origin API first (steadier than its DOM); the page when the API is out of reach. */
export async function apiThenPage(api: () => Promise<RequesterReading>, page: () => Promise<RequesterReading>, signal: AbortSignal): Promise<RequesterReading> {
  try {
    return await api();
  } catch (error) {
    if (signal.aborted) throw error;
    return page();
  }
}
