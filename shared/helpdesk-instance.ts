/**
 * Which helpdesk account a page belongs to: its instance, the page's host (lowercase, with
 * `:port` only when the URL has a non-default one), e.g. `acme.zendesk.com`. Requester ids and
 * ticket numbers mean something only inside one instance — requester 9001 on acme.zendesk.com
 * and on globex.zendesk.com are two different people — so every helpdesk identity and ticket
 * reference Leeway stores is scoped by it: `zendesk@acme.zendesk.com:9001` (ticket-ref.ts).
 */
import { z } from 'zod';

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOST = `${LABEL}(?:\\.${LABEL})*`;
const PORT = '(?:6553[0-5]|655[0-2]\\d|65[0-4]\\d{2}|6[0-4]\\d{3}|[1-5]\\d{4}|[1-9]\\d{0,3})';
/** A host with an optional port, as a regular expression's source (ticket-ref.ts reads refs with it). */
export const INSTANCE_SOURCE = `${HOST}(?::${PORT})?`;
const INSTANCE_PATTERN = new RegExp(`^${INSTANCE_SOURCE}$`);

/** Why a host is refused, in a sentence that says what to write instead. Null when it is fine. */
export function instanceProblem(value: string): string | null {
  const example = 'like acme.zendesk.com';
  if (!value.trim()) return `must be a host, ${example}`;
  if (value.length > 260) return `must be a host name of at most 253 characters with an optional port, ${example}`;
  if (value.includes('*')) {
    const under = value.replace(/^[^*]*\*\.?/, '').replace(/[/:].*$/, '') || 'zendesk.com';
    return `must be an exact host: "${value}" would trust every host under ${under}, anyone's included; list each of your helpdesk's hosts instead, e.g. acme.${under}`;
  }
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(value);
  if (scheme || value.includes('/')) {
    let host = value;
    try {
      host = new URL(scheme ? value : `https://${value}`).host;
    } catch {
      /* keep the value as it was */
    }
    return `must be the host alone, without a scheme (https://) or a path: write "${host.toLowerCase()}"`;
  }
  if (value !== value.toLowerCase()) return `must be lowercase: write "${value.toLowerCase()}"`;
  if (value.endsWith(':443')) return `must leave out the default port: write "${value.slice(0, -4)}"`;
  if (!INSTANCE_PATTERN.test(value)) return `must be a host name with an optional port, ${example} or help.example.com:8443`;
  return null;
}

/** A helpdesk instance: a lowercase host with an optional `:port`; no scheme, no path, no wildcard. */
export const HelpdeskInstance = z.string().superRefine((value, ctx) => {
  const problem = instanceProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
export type HelpdeskInstance = z.infer<typeof HelpdeskInstance>;

/** The instance of the page at `url`: its host, which the URL parser already lowercases and leaves without a default port. */
export function instanceOf(url: URL): string {
  return url.host.toLowerCase();
}

/**
 * Where each built-in hosted helpdesk serves its agents, for one purpose only: deciding which
 * pinned host a legacy, unscoped reference (`zendesk:9001`, stored before instances existed)
 * belonged to. Self-hosted helpdesks (Zammad on premises, FreeScout, Chatwoot self-hosted) and
 * declarative adapters have no such domain, so their legacy references stay unscoped.
 * Trust never comes from this list: only the tenant's pinned hosts are trusted.
 */
const HOSTED_DOMAINS: Record<string, string[]> = {
  zendesk: ['zendesk.com'],
  freshdesk: ['freshdesk.com'],
  salesforce: ['lightning.force.com', 'my.salesforce.com'],
  intercom: ['intercom.com'],
  hubspot: ['hubspot.com'],
  helpscout: ['helpscout.net'],
  front: ['frontapp.com'],
  zohodesk: ['desk.zoho.com', 'desk.zoho.eu', 'desk.zoho.in', 'desk.zoho.com.au'],
  gorgias: ['gorgias.com'],
  servicenow: ['service-now.com'],
  kustomer: ['kustomerapp.com'],
  chatwoot: ['chatwoot.com'],
  zammad: ['zammad.com'],
};

/** True when `instance` is one of `helpdesk`'s own hosted domains (or a host under one). */
export function isHostedOn(helpdesk: string, instance: string): boolean {
  const host = instance.replace(/:\d+$/, '');
  return (HOSTED_DOMAINS[helpdesk] ?? []).some((d) => host === d || host.endsWith(`.${d}`));
}

/**
 * The one rule for legacy references: a legacy `helpdesk:id` belongs to the tenant's pinned host
 * for that helpdesk when there is exactly one; with none or several it cannot be told, and stays
 * unscoped (so it never matches a scoped lookup, and nothing is attributed to the wrong account).
 */
export function legacyInstanceFor(helpdesk: string, pinnedHosts: readonly string[]): string | null {
  const hosts = pinnedHosts.filter((h) => isHostedOn(helpdesk, h));
  return hosts.length === 1 ? hosts[0]! : null;
}

export const BUILT_IN_HOSTED = Object.keys(HOSTED_DOMAINS);
