// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { FAST, isFailed, isRead, setUrl, urlTests, watching } from '../../test/fixtures/_shared/adapter-tests';
import { kustomerFixture } from '../../test/fixtures/kustomer/routes';
import { kustomer } from './kustomer';
import { createRequesterWatcher, type RequesterWatch } from './watch-requester';

describe('kustomer.ticketIdFromUrl', () =>
  urlTests(
    kustomer,
    [
      ['https://acme.kustomerapp.com/app/customers/64b7f0c2a1b2c3d4e5f60001/event/64b7f0c2a1b2c3d4e5f6a101', '64b7f0c2a1b2c3d4e5f6a101'],
      ['https://acme.kustomerapp.com/app/customers/64b7f0c2a1b2c3d4e5f60002/event/64b7f0c2a1b2c3d4e5f6a102/', '64b7f0c2a1b2c3d4e5f6a102'],
    ],
    [
      'https://acme.kustomerapp.com/app/customers/64b7f0c2a1b2c3d4e5f60001',
      'https://acme.kustomerapp.com/app/search',
      'https://acme.gorgias.com/app/customer/5001',
    ],
  ));

describe('kustomer through the reading rule', () => {
  afterEach(() => setUrl('about:blank'));

  it('takes the customer id from the URL as the requester’s helpdesk id (the url rule), and says email and phone are missing', async () => {
    setUrl(kustomerFixture.urls.b);
    const w = watching(createRequesterWatcher(kustomer, FAST), '64b7f0c2a1b2c3d4e5f6a102');
    const read = (await w.until(isRead)) as Extract<RequesterWatch, { state: 'read' }>;
    expect(read.rule).toBe('url');
    expect(read.reading).toEqual({
      requester: { helpdeskId: '64b7f0c2a1b2c3d4e5f60002' },
      source: 'url',
      missing: ['email', 'phone'],
      proof: 'url',
    });
    w.stop();
  });

  it('waits for the URL to show the conversation (navigate fires before pushState commits)', async () => {
    setUrl(kustomerFixture.urls.a);
    const w = watching(createRequesterWatcher(kustomer, FAST), '64b7f0c2a1b2c3d4e5f6a102');
    setTimeout(() => setUrl(kustomerFixture.urls.b), 30);
    expect(((await w.until(isRead)) as Extract<RequesterWatch, { state: 'read' }>).reading.requester).toEqual({
      helpdeskId: '64b7f0c2a1b2c3d4e5f60002',
    });
    w.stop();
  });

  it('never sends the previous conversation’s customer when the URL does not follow, and fails in words', async () => {
    setUrl(kustomerFixture.urls.a);
    const w = watching(createRequesterWatcher(kustomer, FAST), '64b7f0c2a1b2c3d4e5f6a102');
    const failed = await w.until(isFailed);
    expect(failed.state === 'failed' && failed.reason).toMatch(/^could not read the requester: /);
    expect(w.reads()).toEqual([]);
  });
});
