// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { FAST, isFailed, isRead, setUrl, urlTests, watching } from '../../test/fixtures/_shared/adapter-tests';
import { freescoutPage } from '../../test/fixtures/freescout/routes';
import { adapterFor } from './index';
import { freescout } from './freescout';
import { createRequesterWatcher, type RequesterWatch } from './watch-requester';

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
    [
      'https://help.acme.test/mailbox/1',
      'https://help.acme.test/customers/9001/',
      'https://app.intercom.com/a/inbox/abc123de/inbox/shared/all/conversation/101',
      'https://secure.helpscout.net/conversation/2199011258/891142',
    ],
  ));

describe('freescout', () => {
  it('has no fixed host: adapterFor never picks it; the dynamic registration will, with detect()', () => {
    expect(freescout.matches).toEqual([]);
    expect(adapterFor(new URL('https://help.acme.test/conversation/101'))).toBeNull();
    load(freescoutPage('101'));
    expect(freescout.detect!(new URL('https://help.acme.test/conversation/101'), document)).toBe(true);
    expect(freescout.detect!(new URL('https://help.acme.test/conversation/102'), document)).toBe(false);
  });

  it('reads the customer’s main email and name from the sidebar of this conversation’s page', async () => {
    const watcher = createRequesterWatcher(freescout, FAST);
    setUrl('https://help.acme.test/conversation/101');
    load(freescoutPage('101'));
    const a = watching(watcher, '101');
    const readA = (await a.until(isRead)) as Extract<RequesterWatch, { state: 'read' }>;
    expect(readA.reading.requester).toEqual({ email: 'dana.whitfield@example.com', name: 'Dana Whitfield' });
    expect(readA.rule).toBe('pane');
    a.stop();
    setUrl('https://help.acme.test/conversation/102');
    load(freescoutPage('102'));
    const b = watching(watcher, '102');
    expect(((await b.until(isRead)) as Extract<RequesterWatch, { state: 'read' }>).reading.requester).toEqual({
      email: 'marco.rossi@example.com',
      name: 'Marco Rossi',
    });
    b.stop();
  });

  it('reads nothing from a page that is another conversation, and says so', async () => {
    setUrl('https://help.acme.test/conversation/102');
    load(freescoutPage('101'));
    const w = watching(createRequesterWatcher(freescout, FAST), '102');
    const failed = await w.until(isFailed);
    expect(failed.state === 'failed' && failed.reason).toMatch(/^could not read the requester: /);
    expect(w.reads()).toEqual([]);
  });
});
