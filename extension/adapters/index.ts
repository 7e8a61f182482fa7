/** Every built-in adapter, one line each. Add a helpdesk: write adapters/<name>.ts, list it here. */
import { MatchPattern } from 'wxt/utils/match-patterns';
import type { HelpdeskAdapter } from './types';
import { chatwoot } from './chatwoot';
import { demoDesk } from './demo-desk';
import { freescout } from './freescout';
import { freshdesk } from './freshdesk';
import { front } from './front';
import { gorgias } from './gorgias';
import { helpscout } from './helpscout';
import { hubspot } from './hubspot';
import { intercom } from './intercom';
import { kustomer } from './kustomer';
import { salesforce } from './salesforce';
import { servicenow } from './servicenow';
import { zammad } from './zammad';
import { zendesk } from './zendesk';
import { zohodesk } from './zohodesk';

export const adapters: HelpdeskAdapter[] = [
  zendesk,
  freshdesk,
  salesforce,
  intercom,
  hubspot,
  helpscout,
  front,
  zohodesk,
  gorgias,
  servicenow,
  kustomer,
  chatwoot,
  zammad,
  freescout,
  demoDesk,
];

export function adapterFor(url: URL): HelpdeskAdapter | null {
  return adapters.find((a) => a.matches.some((m) => new MatchPattern(m).includes(url))) ?? null;
}
