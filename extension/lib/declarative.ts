/**
 * Choosing the adapter for a page, for the content script and the popup's diagnostics alike.
 * A tenant's declarative adapter whose patterns fit the page comes first: an admin who defines
 * one for a host means it, also over a built-in adapter for that host (the helpdesk may have
 * changed its page, or the tenant runs a customised one). Then a built-in adapter by its match
 * patterns, then a self-hosted built-in (FreeScout) whose `detect` recognises the page.
 * No zod here: this runs in the content script, which every helpdesk page loads. The background
 * validated the definitions before storing them.
 */
import { MatchPattern } from 'wxt/utils/match-patterns';
import type { AdapterDefinition, AdapterRecord } from '@shared/schemas/adapters';
import { adapterFor, adapters } from '../adapters';
import { declarativeAdapter } from '../adapters/declarative';
import type { HelpdeskAdapter } from '../adapters/types';

export type AdapterKind = 'built-in' | 'self-hosted' | 'declarative';
export interface AdapterChoice {
  adapter: HelpdeskAdapter;
  kind: AdapterKind;
  /** Why this adapter won the page, in words for the popup. */
  why: string;
}

export function definitionMatches(def: AdapterDefinition, url: URL): boolean {
  try {
    return def.matches.some((m) => new MatchPattern(m).includes(url));
  } catch {
    return false; // a pattern this browser's parser rejects matches nothing
  }
}

export function chooseAdapter(url: URL, doc: Document | null, records: AdapterRecord[]): AdapterChoice | null {
  const builtIn = adapterFor(url);
  const def = records.map((r) => r.definition).find((d) => definitionMatches(d, url));
  if (def) {
    const why = builtIn
      ? `your admin's adapter "${def.name}" matches ${url.host}, and a tenant's adapter takes precedence over the built-in ${builtIn.name} adapter`
      : `your admin's adapter "${def.name}" matches ${url.host}`;
    return { adapter: declarativeAdapter(def), kind: 'declarative', why };
  }
  if (builtIn)
    return {
      adapter: builtIn,
      kind: 'built-in',
      why: `the built-in ${builtIn.name} adapter matches ${url.host}, and none of your admin's adapters does`,
    };
  const selfHosted = doc && adapters.find((a) => a.detect?.(url, doc));
  if (selfHosted)
    return { adapter: selfHosted, kind: 'self-hosted', why: `the page on ${url.host} is recognisably ${selfHosted.name} (self-hosted)` };
  return null;
}
