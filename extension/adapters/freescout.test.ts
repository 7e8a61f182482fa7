// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { urlTests } from '../../test/fixtures/_shared/adapter-tests';
import { freescoutPage } from '../../test/fixtures/freescout/routes';
import { adapterFor } from './index';
import { freescout } from './freescout';

/** Loads a server-rendered FreeScout page into the test document. */
function load(html: string) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  document.body.innerHTML = doc.body.innerHTML;
  for (const { name, value } of doc.body.attributes) document.body.setAttribute(name, value);
}

describe('freescout.ticketIdFromUrl', () =>
  urlTests(
    freescout,
    [
      ['https://help.acme.test/conversation/101', '101'],
      ['https://help.acme.test/conversation/102?folder_id=3', '102'],
    ],
    ['https://help.acme.test/mailbox/1', 'https://help.acme.test/customers/9001/', 'https://app.intercom.com/a/inbox/abc123de/inbox/shared/all/conversation/101', 'https://secure.helpscout.net/conversation/2199011258/891142'],
  ));

describe('freescout', () => {
  it('has no fixed host: adapterFor never picks it; the dynamic registration will, with detect()', () => {
    expect(freescout.matches).toEqual([]);
    expect(adapterFor(new URL('https://help.acme.test/conversation/101'))).toBeNull();
    load(freescoutPage('101'));
    expect(freescout.detect!(new URL('https://help.acme.test/conversation/101'), document)).toBe(true);
    expect(freescout.detect!(new URL('https://help.acme.test/conversation/102'), document)).toBe(false);
  });

  it('reads the customer’s main email and name from the sidebar', async () => {
    load(freescoutPage('101'));
    expect((await freescout.readRequester('101', new AbortController().signal)).requester).toEqual({ email: 'dana.whitfield@example.com', name: 'Dana Whitfield' });
    load(freescoutPage('102'));
    expect((await freescout.readRequester('102', new AbortController().signal)).requester).toEqual({ email: 'marco.rossi@example.com', name: 'Marco Rossi' });
  });

  it('reads nothing from a page that is another conversation, and says so', async () => {
    load(freescoutPage('101'));
    const r = await freescout.readRequester('102', new AbortController().signal);
    expect(r.requester).toEqual({});
    expect(r.missing).toEqual(['email', 'phone']);
  });
});
