/**
 * ServiceNow workspaces (Next Experience: Agent Workspace, Service Operations Workspace, CSM).
 *
 * URL: https://{instance}.service-now.com/now/{workspace…}/record/{table}/{sys_id}, with
 * /sub/record/… for a sub-record tab; the last record in the path is the one on screen (SNU).
 * The ticket id is the record's sys_id. Workspaces keep several record tabs mounted and nest
 * components several shadow roots deep (SNU uses querySelectorDeep), so we search shadow
 * roots for the form of this very sys_id: another tab's form can never be read by mistake.
 *
 * The REST table API would be steadier, but it needs the page global g_ck, which this
 * isolated-world script cannot read. So we read the form [I, field components per SNU's
 * list]: the requester reference field is caller_id on incident and contact on CSM cases;
 * its value attribute is the user's sys_id (the server knows it as "servicenow:{sys_id}"),
 * its text the display name. A dot-walked email field is read when the form shows one.
 * Classic forms inside the #gsft_main iframe are not reached by this top-frame script.
 *
 * Test URLs:
 *   https://acme.service-now.com/now/workspace/agent/record/incident/46d44a23a9fe19810012d100cca80666
 *   https://acme.service-now.com/now/sow/record/sn_customerservice_case/46d44a23a9fe19810012d100cca80667
 *   https://acme.service-now.com/now/cwf/agent/record/incident/aaaa4a23a9fe19810012d100cca80666/sub/record/incident/46d44a23a9fe19810012d100cca80668
 *   not a ticket: https://acme.service-now.com/now/sow/home, https://acme.service-now.com/incident.do?sys_id=46d44a23a9fe19810012d100cca80666
 */
import { queryDeep, waitForDeep } from '../lib/query-deep';
import { cleanRequester, reading } from './requester';
import type { HelpdeskAdapter } from './types';

const RECORD = /\/record\/([a-z0-9_]+)\/([0-9a-f]{32})(?=\/|$)/g;
const SELECTORS = {
  // [I] The record form component; one per mounted record tab.
  form: (sysId: string) => `[sys-id="${sysId}"]`,
  // [I] The requester reference field, by field name (never by a translated label).
  requester: '[name="caller_id"], [name="contact"]',
  email: '[name="caller_id.email"], [name="contact.email"]',
  phone: '[name="caller_id.phone"], [name="contact.phone"]',
};

const text = (el: Element | null) => (el?.getAttribute('value-display') ?? el?.textContent)?.trim();

export const servicenow: HelpdeskAdapter = {
  id: 'servicenow',
  name: 'ServiceNow',
  matches: ['https://*.service-now.com/*'],
  ticketIdFromUrl(url) {
    if (!url.hostname.endsWith('.service-now.com') || !url.pathname.startsWith('/now/')) return null;
    return [...url.pathname.matchAll(RECORD)].at(-1)?.[2] ?? null;
  },
  async readRequester(sysId, signal) {
    // The form renders its fields late; wait for the requester field inside this record's form.
    const form = await waitForDeep(document, SELECTORS.form(sysId), { signal, timeoutMs: 6000, where: (f) => !!queryDeep(f, SELECTORS.requester) });
    const field = (selector: string) => (form ? queryDeep(form, selector) : null);
    const requester = field(SELECTORS.requester);
    return reading(
      cleanRequester({
        email: text(field(SELECTORS.email)),
        phone: text(field(SELECTORS.phone)),
        name: text(requester),
        helpdeskId: requester?.getAttribute('value') ?? undefined,
      }),
      'page',
    );
  },
};
