/** Who a reading names, normalised so two readings of one person compare equal. */
import type { Requester } from '@shared/schemas/context';
import type { RequesterReading } from '../types';

export interface Identity {
  email?: string;
  phone?: string;
  id?: string;
  name?: string;
}

export const identity = (r: Requester): Identity => ({
  email: r.email?.toLowerCase(),
  phone: r.phone,
  id: r.helpdeskId,
  name: r.name?.toLowerCase(),
});

export const strong = (i: Identity) => !!(i.email || i.phone || i.id);

/** Same person: any shared email, phone or helpdesk id; by name only when one of them has nothing stronger. */
export function samePerson(a: Identity, b: Identity): boolean {
  if ((a.email && a.email === b.email) || (a.phone && a.phone === b.phone) || (a.id && a.id === b.id)) return true;
  return (!strong(a) || !strong(b)) && !!a.name && a.name === b.name;
}

export const sameValue = (a: RequesterReading, b: RequesterReading) =>
  JSON.stringify(identity(a.requester)) === JSON.stringify(identity(b.requester)) && a.proof === b.proof;

/** The person in words, for a refusal's detail. */
export const who = (r: Requester) => r.email ?? r.phone ?? r.name ?? r.helpdeskId ?? 'someone';

export const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
