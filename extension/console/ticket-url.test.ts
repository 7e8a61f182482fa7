import { describe, expect, it } from 'vitest';
import { ticketUrl } from './ticket-url';

describe('ticketUrl', () => {
  it('links to the host the ticket was resolved on, whatever address was set for the helpdesk', () => {
    expect(ticketUrl({ zendesk: 'https://other.zendesk.com' }, 'zendesk', '101', 'globex.zendesk.com')).toBe(
      'https://globex.zendesk.com/agent/tickets/101',
    );
  });
  it('falls back to the address set once for records from before instances were kept', () => {
    expect(ticketUrl({ zendesk: 'https://acme.zendesk.com/' }, 'zendesk', '101', null)).toBe('https://acme.zendesk.com/agent/tickets/101');
    expect(ticketUrl({}, 'zendesk', '101', null)).toBeNull();
  });
  it('knows no path for a helpdesk whose ticket URLs it cannot build', () => {
    expect(ticketUrl({}, 'salesforce', '500', 'acme.lightning.force.com')).toBeNull();
  });
  it("takes each helpdesk's ticket path from its adapter, the ticket id encoded", () => {
    const link = (helpdesk: string, id = '7') => ticketUrl({}, helpdesk, id, 'desk.acme.test');
    expect(link('zendesk')).toBe('https://desk.acme.test/agent/tickets/7');
    expect(link('freshdesk')).toBe('https://desk.acme.test/a/tickets/7');
    expect(link('helpscout')).toBe('https://desk.acme.test/conversation/7');
    expect(link('zohodesk')).toBe('https://desk.acme.test/agent/tickets/7');
    expect(link('gorgias')).toBe('https://desk.acme.test/app/ticket/7');
    expect(link('zammad')).toBe('https://desk.acme.test/#ticket/zoom/7');
    expect(link('chatwoot')).toBe('https://desk.acme.test/app/conversations/7');
    expect(link('freescout')).toBe('https://desk.acme.test/conversation/7');
    expect(link('zendesk', 'a/b c')).toBe('https://desk.acme.test/agent/tickets/a%2Fb%20c');
    for (const none of ['intercom', 'hubspot', 'front', 'servicenow', 'kustomer', 'custom:acme-desk']) expect(link(none), none).toBeNull();
  });
});
