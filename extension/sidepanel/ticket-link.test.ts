import { describe, expect, it } from 'vitest';
import { helpdeskName, ticketHref } from './ticket-link';

const ticket = (helpdesk: string, instance: string | null, id = '102') => ({ ref: `${helpdesk}:${id}`, helpdesk, instance, id });

describe('ticket links in the side panel', () => {
  it("links to the ticket on the host it was asked from, by the adapter's path", () => {
    expect(ticketHref(ticket('zendesk', 'acme.zendesk.com'))).toBe('https://acme.zendesk.com/agent/tickets/102');
    expect(ticketHref(ticket('zendesk', 'acme.zendesk.com', 'a/b'))).toBe('https://acme.zendesk.com/agent/tickets/a%2Fb');
  });
  it('gives no link when the host is not known or the helpdesk has no ticket path', () => {
    expect(ticketHref(ticket('zendesk', null))).toBeNull();
    expect(ticketHref(ticket('custom:acme-desk', 'support.acme.test'))).toBeNull();
  });
  it('names the helpdesk as people know it', () => {
    expect(helpdeskName('zendesk')).toBe('Zendesk');
    expect(helpdeskName('custom:acme-desk')).toBe('acme desk');
  });
});
