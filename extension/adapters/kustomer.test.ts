// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { urlTests } from '../../test/fixtures/_shared/adapter-tests';
import { kustomerFixture } from '../../test/fixtures/kustomer/routes';
import { kustomer } from './kustomer';

const setUrl = (url: string) => (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(url);

describe('kustomer.ticketIdFromUrl', () =>
  urlTests(
    kustomer,
    [
      ['https://acme.kustomerapp.com/app/customers/64b7f0c2a1b2c3d4e5f60001/event/64b7f0c2a1b2c3d4e5f6a101', '64b7f0c2a1b2c3d4e5f6a101'],
      ['https://acme.kustomerapp.com/app/customers/64b7f0c2a1b2c3d4e5f60002/event/64b7f0c2a1b2c3d4e5f6a102/', '64b7f0c2a1b2c3d4e5f6a102'],
    ],
    ['https://acme.kustomerapp.com/app/customers/64b7f0c2a1b2c3d4e5f60001', 'https://acme.kustomerapp.com/app/search', 'https://acme.gorgias.com/app/customer/5001'],
  ));

describe('kustomer.readRequester', () => {
  afterEach(() => setUrl('about:blank'));

  it('takes the customer id from the URL as the requester’s helpdesk id, and says email and phone are missing', async () => {
    setUrl(kustomerFixture.urls.b);
    const r = await kustomer.readRequester('64b7f0c2a1b2c3d4e5f6a102', new AbortController().signal);
    expect(r).toEqual({ requester: { helpdeskId: '64b7f0c2a1b2c3d4e5f60002' }, source: 'url', missing: ['email', 'phone'] });
  });

  it('waits for the URL to show the conversation (navigate fires before pushState commits)', async () => {
    setUrl(kustomerFixture.urls.a);
    const pending = kustomer.readRequester('64b7f0c2a1b2c3d4e5f6a102', new AbortController().signal);
    setTimeout(() => setUrl(kustomerFixture.urls.b), 30);
    expect((await pending).requester).toEqual({ helpdeskId: '64b7f0c2a1b2c3d4e5f60002' });
  });

  it('never sends the previous conversation’s customer when the URL does not follow', async () => {
    setUrl(kustomerFixture.urls.a);
    const r = await kustomer.readRequester('64b7f0c2a1b2c3d4e5f6a102', AbortSignal.timeout(100));
    expect(r.requester).toEqual({});
  });
});
