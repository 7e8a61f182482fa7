/**
 * The one form of a ticket reference, built and read only here. A ticket number means something
 * only inside one helpdesk instance (helpdesk-instance.ts), so a reference names the helpdesk, the
 * instance and the id: `zendesk@acme.zendesk.com:101`, `custom:acme-desk@support.acme.test:7`.
 * Records from before instances were kept have no instance: `zendesk:101`, `custom:acme-desk:7`.
 * A declarative helpdesk's id has a colon of its own, so a reference is never split at a colon.
 */
import { INSTANCE_SOURCE, legacyInstanceFor } from './helpdesk-instance';

/** A reference read back. */
export interface TicketRef {
  /** A built-in helpdesk, or custom:<name>. */
  helpdesk: string;
  /** Null for a legacy reference, stored before instances existed. */
  instance: string | null;
  id: string;
}

/** `helpdesk@instance:id`; `helpdesk:id` (the legacy form, never equal to a scoped one) when the instance is not known. */
export function ticketRef(helpdesk: string, instance: string | null, id: string): string {
  return instance ? `${helpdesk}@${instance}:${id}` : `${helpdesk}:${id}`;
}

/** A requester's id inside one instance, in the same form: person 9001 on two instances is two people. */
export const requesterRef = (helpdesk: string, instance: string, id: string): string => ticketRef(helpdesk, instance, id);

// Helpdesk ids are `zendesk`, `demo-desk` or `custom:<slug>` (no `@`); a host has no `:` but its port's.
// `s`: a ticket id is any text, line breaks and colons included.
const SCOPED = new RegExp(`^(custom:[a-z0-9-]+|[a-z]+(?:-[a-z]+)*)@(${INSTANCE_SOURCE}):(.+)$`, 's');
const LEGACY = /^(custom:[a-z0-9-]+|[a-z]+(?:-[a-z]+)*):(.+)$/s;

/**
 * The helpdesk, instance and id of a reference; null for one written by others in another form
 * (`crm-ticket-7`). A port is taken as the instance's when digits and a colon follow the host
 * (`zendesk@desk.example:8443:101`).
 */
export function parseTicketRef(ref: string): TicketRef | null {
  const s = SCOPED.exec(ref);
  if (s) return { helpdesk: s[1]!, instance: s[2]!, id: s[3]! };
  const l = LEGACY.exec(ref);
  return l ? { helpdesk: l[1]!, instance: null, id: l[2]! } : null;
}

/**
 * Every form under which one ticket may be stored: the reference itself, and its legacy or
 * scoped twin when the tenant's rule (legacyInstanceFor) links them. For references written by
 * others (business systems' events name `zendesk:101`) or under the log's hash chain, which are
 * never rewritten.
 */
export function sameTicketRefs(ref: string, pinnedHosts: readonly string[]): string[] {
  const p = parseTicketRef(ref);
  if (!p) return [ref];
  const instance = legacyInstanceFor(p.helpdesk, pinnedHosts);
  if (!instance) return [ref];
  if (p.instance === null) return [ref, ticketRef(p.helpdesk, instance, p.id)];
  return p.instance === instance ? [ref, ticketRef(p.helpdesk, null, p.id)] : [ref];
}
