import { describe, expect, it } from 'vitest';
import { parseTicketRef, sameTicketRefs, ticketRef } from './ticket-ref';

describe('ticket references', () => {
  it('scopes by instance and reads back, legacy ones included', () => {
    expect(ticketRef('zendesk', 'acme.zendesk.com', '101')).toBe('zendesk@acme.zendesk.com:101');
    expect(parseTicketRef('zendesk@acme.zendesk.com:101')).toEqual({ helpdesk: 'zendesk', instance: 'acme.zendesk.com', id: '101' });
    expect(parseTicketRef('zendesk@desk.example:8443:101')).toEqual({ helpdesk: 'zendesk', instance: 'desk.example:8443', id: '101' });
    expect(parseTicketRef('custom:acme-desk@support.acme-helpdesk.test:7')).toEqual({
      helpdesk: 'custom:acme-desk',
      instance: 'support.acme-helpdesk.test',
      id: '7',
    });
    expect(parseTicketRef(ticketRef('zendesk', null, '101'))).toEqual({ helpdesk: 'zendesk', instance: null, id: '101' });
    expect(parseTicketRef('custom:acme-desk:7')).toEqual({ helpdesk: 'custom:acme-desk', instance: null, id: '7' });
    expect(parseTicketRef('no ref')).toBeNull();
    // A ticket id is any text, line breaks and colons included.
    expect(parseTicketRef('zendesk@acme.zendesk.com:a\nb:c')).toEqual({ helpdesk: 'zendesk', instance: 'acme.zendesk.com', id: 'a\nb:c' });
    expect(parseTicketRef('zendesk:a\u202eb\n')).toEqual({ helpdesk: 'zendesk', instance: null, id: 'a\u202eb\n' });
  });

  it('two instances never share a reference, and a legacy one matches neither', () => {
    const a = ticketRef('zendesk', 'acme.zendesk.com', '9001');
    const b = ticketRef('zendesk', 'globex.zendesk.com', '9001');
    expect(new Set([a, b, ticketRef('zendesk', null, '9001')]).size).toBe(3);
  });

  it("round-trips a declarative helpdesk's ref, whose id has a colon of its own", () => {
    for (const [instance, id] of [
      ['support.acme-helpdesk.test', '7'],
      ['support.acme-helpdesk.test:8443', 'T:42'],
      [null, '7'],
      [null, 'T:42'],
    ] as const)
      expect(parseTicketRef(ticketRef('custom:acme-desk', instance, id)), `${instance} ${id}`).toEqual({
        helpdesk: 'custom:acme-desk',
        instance,
        id,
      });
  });

  it('links a legacy and a scoped ticket ref only by the same rule', () => {
    const one = ['acme.zendesk.com', 'acme.freshdesk.com'];
    expect(sameTicketRefs('zendesk:101', one)).toEqual(['zendesk:101', 'zendesk@acme.zendesk.com:101']);
    expect(sameTicketRefs('zendesk@acme.zendesk.com:101', one)).toEqual(['zendesk@acme.zendesk.com:101', 'zendesk:101']);
    expect(sameTicketRefs('zendesk@globex.zendesk.com:101', one)).toEqual(['zendesk@globex.zendesk.com:101']);
    expect(sameTicketRefs('zendesk:101', [...one, 'globex.zendesk.com'])).toEqual(['zendesk:101']);
    expect(sameTicketRefs('crm-ticket-7', one)).toEqual(['crm-ticket-7']);
  });
});
