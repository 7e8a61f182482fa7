// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { AdapterRecord } from '@shared/schemas/adapters';
import { chooseAdapter } from './declarative';

const record = (name: string, matches: string[]): AdapterRecord => ({
  id: name,
  definition: { name, matches, ticketUrl: '/agent/tickets/(\\d+)', selectors: { email: '.requester a' } },
  createdAt: '',
  updatedAt: '',
});

describe('chooseAdapter', () => {
  it('lets a tenant’s declarative adapter for a host take precedence over the built-in one, and says why', () => {
    const url = new URL('https://acme.zendesk.com/agent/tickets/101');
    const choice = chooseAdapter(url, null, [record('Acme Zendesk', ['https://acme.zendesk.com/*'])])!;
    expect(choice.kind).toBe('declarative');
    expect(choice.adapter.id).toBe('custom:acme-zendesk');
    expect(choice.why).toMatch(/"Acme Zendesk" matches acme\.zendesk\.com.*takes precedence over the built-in Zendesk adapter/);
  });

  it('keeps the built-in adapter on hosts no declarative adapter names, and says why', () => {
    const choice = chooseAdapter(new URL('https://other.zendesk.com/agent/tickets/101'), null, [
      record('Acme Zendesk', ['https://acme.zendesk.com/*']),
    ])!;
    expect(choice.kind).toBe('built-in');
    expect(choice.adapter.id).toBe('zendesk');
    expect(choice.why).toMatch(/built-in Zendesk adapter matches other\.zendesk\.com/);
  });

  it('recognises a self-hosted product by its page, after declarative and built-in adapters', () => {
    document.body.setAttribute('data-conversation_id', '7');
    const choice = chooseAdapter(new URL('https://help.acme.test/conversation/7'), document, [])!;
    expect(choice).toMatchObject({ kind: 'self-hosted', why: expect.stringMatching(/FreeScout/) });
    expect(chooseAdapter(new URL('https://nothing.test/'), document, [])).toBeNull();
  });
});
