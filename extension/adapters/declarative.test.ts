// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { declarativeAdapter } from './declarative';

const def = {
  name: 'Acme Helpdesk',
  matches: ['https://support.acme.test/*'],
  ticketUrl: '^https://support\\.acme\\.test/tickets/(\\d+)',
  selectors: { activeScope: '.pane.active', email: '.req a.email', name: '.req .name', requesterId: '.req [data-id]' },
};
const go = (href: string) => (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(href);
const signal = () => new AbortController().signal;
afterEach(() => (document.body.innerHTML = ''));

describe('declarativeAdapter', () => {
  it('reads the ticket id from the URL, only on its own sites', () => {
    const a = declarativeAdapter(def);
    expect(a.id).toBe('custom:acme-helpdesk');
    expect(a.ticketIdFromUrl(new URL('https://support.acme.test/tickets/123?x=1'))).toBe('123');
    expect(a.ticketIdFromUrl(new URL('https://support.acme.test/inbox'))).toBeNull();
    expect(a.ticketIdFromUrl(new URL('https://other.test/tickets/123'))).toBeNull();
  });

  it('reads the requester inside the active pane, mailto by its address, once it renders', async () => {
    document.body.innerHTML = `<div class="pane"><div class="req"><a class="email" href="mailto:old@example.com">old</a></div></div><div class="pane active"></div>`;
    const a = declarativeAdapter(def);
    const reading = a.readRequester('123', signal());
    setTimeout(() => {
      document.querySelector('.pane.active')!.innerHTML = `<div class="req"><span class="name"> Dana Whitfield </span><a class="email" href="mailto:dana.whitfield@example.com">Dana</a><b data-id>9001</b></div>`;
    }, 20);
    expect(await reading).toEqual({ requester: { email: 'dana.whitfield@example.com', name: 'Dana Whitfield', helpdeskId: '9001' }, source: 'page', missing: [] });
  });

  it('reads a URL-only rule from named groups', async () => {
    const a = declarativeAdapter({ name: 'U', matches: ['https://support.acme.test/*'], ticketUrl: '/t/(?<id>\\d+)\\?email=(?<email>[^&]+)' });
    go('https://support.acme.test/t/7?email=marco.rossi%40example.com');
    expect(a.ticketIdFromUrl(new URL(location.href))).toBe('7');
    expect(await a.readRequester('7', signal())).toEqual({ requester: { email: 'marco.rossi@example.com' }, source: 'url', missing: [] });
  });

  it('says what it could not read', async () => {
    const a = declarativeAdapter({ ...def, selectors: { email: '.nothing' } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    await expect(a.readRequester('1', controller.signal)).rejects.toThrow(/cancelled/);
  });
});
