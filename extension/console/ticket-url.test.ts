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
});
