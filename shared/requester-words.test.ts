import { describe, expect, it } from 'vitest';
import { requesterIdentities, requesterIdWords } from './requester-words';

describe("a page's requester in words", () => {
  it('names a requester id with its instance, never as an identity code', () => {
    expect(requesterIdWords('9003', 'acme.zendesk.com')).toBe('requester #9003 on acme.zendesk.com');
  });

  it('masks emails and phones, keeps canonical values to store, and drops what cannot be one', () => {
    expect(
      requesterIdentities({ email: 'Someone.New+x@Example.net', phone: '+1 415 555 0100', helpdeskId: '9003' }, 'acme.zendesk.com'),
    ).toEqual([
      { kind: 'email', canonical: 'someone.new@example.net', words: 's***@example.net' },
      { kind: 'phone', canonical: '+14155550100', words: '+1 *** *** 0100' },
      { kind: 'helpdesk', canonical: '9003', words: 'requester #9003 on acme.zendesk.com' },
    ]);
    expect(requesterIdentities({ email: 'not-an-email', phone: '12' }, 'acme.zendesk.com')).toEqual([]);
  });
});
