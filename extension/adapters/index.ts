/** Every built-in adapter, one line each. Add a helpdesk: write adapters/<name>.ts, list it here. */
import { MatchPattern } from 'wxt/utils/match-patterns';
import type { HelpdeskAdapter } from './types';
import { zendesk } from './zendesk';

export const adapters: HelpdeskAdapter[] = [zendesk];

export function adapterFor(url: URL): HelpdeskAdapter | null {
  return adapters.find((a) => a.matches.some((m) => new MatchPattern(m).includes(url))) ?? null;
}
