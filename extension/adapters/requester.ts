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
