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
 * Classic forms render in a same-origin #gsft_main iframe inside a shadow root; queryDeep enters
 * both, and such a form names its record in the hidden sys_uniqueValue input [I, classic UI16
 * markup], its caller in sys_display.{table}.caller_id (text) and {table}.caller_id (sys_id).
 *
 * Test URLs:
 *   https://acme.service-now.com/now/workspace/agent/record/incident/46d44a23a9fe19810012d100cca80666
 *   https://acme.service-now.com/now/sow/record/sn_customerservice_case/46d44a23a9fe19810012d100cca80667
 *   https://acme.service-now.com/now/cwf/agent/record/incident/aaaa4a23a9fe19810012d100cca80666/sub/record/incident/46d44a23a9fe19810012d100cca80668
 *   https://acme.service-now.com/now/nav/ui/classic/params/target/incident.do%3Fsys_id%3D46d44a23a9fe19810012d100cca80669%26sysparm_view%3D
 *   not a ticket: https://acme.service-now.com/now/sow/home, https://acme.service-now.com/incident.do?sys_id=46d44a23a9fe19810012d100cca80666
 */
import { queryAllDeep, queryDeep } from './dom/query-deep';
import { cleanRequester, reading } from './requester';
import type { RequesterReading } from './types';
import { define } from './watch-requester';

const RECORD = /\/record\/([a-z0-9_]+)\/([0-9a-f]{32})(?=\/|$)/g;
/** The Next Experience shell around a classic form: its target is the form's URL, encoded into the path. */
const CLASSIC = /^\/now\/nav\/ui\/classic\/params\/target\/[a-z0-9_]+\.do\?(?:[^#]*&)?sys_id=([0-9a-f]{32})(?:&|$)/;
const SELECTORS = {
  // [I] The record form component; one per mounted record tab.
  form: (sysId: string) => `[sys-id="${sysId}"]`,
  // [I] The requester reference field, by field name (never by a translated label).
  requester: '[name="caller_id"], [name="contact"]',
  email: '[name="caller_id.email"], [name="contact.email"]',
  phone: '[name="caller_id.phone"], [name="contact.phone"]',
  /** A classic form, by its record's sys_id; its fields end in .caller_id / .contact after the table name. */
  classic: (sysId: string) => `input[name="sys_uniqueValue"][value="${sysId}"]`,
  classicName: '[id^="sys_display."][id$=".caller_id"], [id^="sys_display."][id$=".contact"]',
  classicId:
    'input[type="hidden"][id$=".caller_id"]:not([id^="sys_display."]), input[type="hidden"][id$=".contact"]:not([id^="sys_display."])',
};

const text = (el: Element | null) => (el?.getAttribute('value-display') ?? el?.textContent)?.trim();
const inputValue = (el: Element | null) =>
  (el && 'value' in el ? String((el as HTMLInputElement).value) : el?.getAttribute('value'))?.trim() || undefined;

/** Workspace forms of this sys_id (any depth of shadow roots), once the requester field has rendered. */
function workspaceForms(sysId: string): RequesterReading[] {
  return queryAllDeep(document, SELECTORS.form(sysId)).flatMap((form) => {
    const field = (selector: string) => queryDeep(form, selector);
    const requester = field(SELECTORS.requester);
    if (!requester) return [];
    return [
      reading(
        cleanRequester({
          email: text(field(SELECTORS.email)),
          phone: text(field(SELECTORS.phone)),
          name: text(requester),
          helpdeskId: requester.getAttribute('value') ?? undefined,
        }),
        'page',
        'pane',
        form,
      ),
    ];
  });
}

/** Classic forms (in a same-origin frame) whose sys_uniqueValue is this sys_id. */
function classicForms(sysId: string): RequesterReading[] {
  return queryAllDeep(document, SELECTORS.classic(sysId)).flatMap((marker) => {
    const form = marker.closest('form') ?? marker.ownerDocument.body;
    const name = inputValue(form.querySelector(SELECTORS.classicName));
    if (!name) return [];
    return [reading(cleanRequester({ name, helpdeskId: inputValue(form.querySelector(SELECTORS.classicId)) }), 'page', 'pane', form)];
  });
}

export const servicenow = define({
  id: 'servicenow',
  name: 'ServiceNow',
  matches: ['https://*.service-now.com/*'],
  // No link from the id alone: a record's address also names its workspace and table.
  ticketPath: () => null,
  ticketIdFromUrl(url) {
    if (!url.hostname.endsWith('.service-now.com') || !url.pathname.startsWith('/now/')) return null;
    const record = [...url.pathname.matchAll(RECORD)].at(-1)?.[2];
    if (record) return record;
    try {
      return CLASSIC.exec(decodeURIComponent(url.pathname))?.[1] ?? null;
    } catch {
      return null; // a malformed %-escape
    }
  },
  readPage: (sysId) => [...workspaceForms(sysId), ...classicForms(sysId)],
});
