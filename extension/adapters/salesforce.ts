/**
 * Salesforce Service Cloud, Lightning console.
 *
 * URL: https://{mydomain}.lightning.force.com/lightning/r/Case/{15|18-char id}/view (TMT).
 * Only Case records are tickets: a Contact or Account subtab changes the URL to that object
 * and the panel steps aside. The console keeps several workspace tabs mounted; only the
 * focused one has `.windowViewMode-normal` (TGL's scope). LWC may render fields in shadow
 * roots, so reads go through queryDeep. The requester's place depends on the org's page
 * layout and locale: we read the Case's contact fields by their API
 * field name [I], never by a translated label, and report what is missing.
 *
 * Test URLs:
 *   https://acme.lightning.force.com/lightning/r/Case/500Dn00000A1b2cIAB/view
 *   https://acme.lightning.force.com/lightning/r/Case/500Dn00000A1b2d/view
 *   not a ticket: https://acme.lightning.force.com/lightning/r/Contact/003Dn00000X1y2zIAB/view,
 *   https://acme.lightning.force.com/lightning/o/Case/list
 */
import { queryAllDeep, queryDeep } from './dom/query-deep';
import { cleanRequester, linkValue, reading } from './requester';
import { define } from './watch-requester';

const CASE_PATH = /^\/lightning\/r\/Case\/([a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?)\/view\/?$/;
const SELECTORS = {
  // The focused console tab [E TGL: `.lafSinglePaneWindowManager > .windowViewMode-normal`].
  activeTab: '.windowViewMode-normal',
  // [I] The record's layout; its record-id tells which Case this tab shows.
  record: '[record-id]',
  // [I] Contact fields of the Case by API name: Contact.Email, Contact.Name, SuppliedEmail (web-to-case).
  email: '[field-name="ContactEmail"], [field-name="SuppliedEmail"]',
  phone: '[field-name="ContactPhone"]',
  name: '[field-name="ContactId"]',
};

/** 15- and 18-character ids name the same record; the 18-char form adds a checksum. */
const sameRecord = (a: string | null, b: string) => !!a && a.slice(0, 15) === b.slice(0, 15);

const recordsIn = (tab: Element, caseId: string) =>
  queryAllDeep(tab, SELECTORS.record).filter((r) => sameRecord(r.getAttribute('record-id'), caseId) && !!queryDeep(r, SELECTORS.name));

export const salesforce = define({
  id: 'salesforce',
  name: 'Salesforce',
  matches: ['https://*.lightning.force.com/*', 'https://*.my.salesforce.com/*'],
  // The QA console never linked Cases; /lightning/r/Case/{id}/view would do, once wanted.
  ticketPath: () => null,
  ticketIdFromUrl(url) {
    if (!/\.(?:lightning\.force|my\.salesforce)\.com$/.test(url.hostname)) return null;
    return CASE_PATH.exec(url.pathname)?.[1] ?? null;
  },
  readPage(caseId) {
    // The focused tab's record of this Case, once the Case's contact field has rendered.
    return queryAllDeep(document, SELECTORS.activeTab)
      .flatMap((tab) => recordsIn(tab, caseId))
      .map((record) => {
        const field = (selector: string) => queryDeep(record, selector);
        const email = field(SELECTORS.email);
        const phone = field(SELECTORS.phone);
        return reading(
          cleanRequester({
            email: linkValue(email, 'mailto') ?? email?.textContent,
            phone: linkValue(phone, 'tel') ?? phone?.textContent,
            name: field(SELECTORS.name)?.textContent,
          }),
          'page',
          'pane',
          record,
        );
      });
  },
});
