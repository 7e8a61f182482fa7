/**
 * Choosing the adapter for a page, for the content script and the popup's diagnostics alike:
 * a built-in adapter by its match patterns, else a self-hosted built-in (FreeScout) whose
 * `detect` recognises the page, else a declarative adapter whose patterns fit the page.
 * No zod here: this runs in the content script, which every helpdesk page loads. The background
 * validated the definitions before storing them.
 */
import { MatchPattern } from 'wxt/utils/match-patterns';
import type { AdapterDefinition, AdapterRecord } from '../../shared/schemas/adapters';
import { adapterFor, adapters } from '../adapters';
import { declarativeAdapter } from '../adapters/declarative';
import type { HelpdeskAdapter } from '../adapters/types';

export type AdapterKind = 'built-in' | 'self-hosted' | 'declarative';
export interface AdapterChoice {
  adapter: HelpdeskAdapter;
  kind: AdapterKind;
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
  if (builtIn) return { adapter: builtIn, kind: 'built-in' };
  const selfHosted = doc && adapters.find((a) => a.detect?.(url, doc));
  if (selfHosted) return { adapter: selfHosted, kind: 'self-hosted' };
  const def = records.map((r) => r.definition).find((d) => definitionMatches(d, url));
  return def ? { adapter: declarativeAdapter(def), kind: 'declarative' } : null;
}
