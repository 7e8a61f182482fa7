import { describe, expect, it } from 'vitest';
import { HelpdeskInstance, instanceOf, legacyInstanceFor } from './helpdesk-instance';

const problem = (v: string) => {
  const r = HelpdeskInstance.safeParse(v);
  return r.success ? null : r.error.issues[0]!.message;
};

describe('HelpdeskInstance', () => {
  it('accepts lowercase hosts with an optional non-default port', () => {
    for (const ok of ['acme.zendesk.com', 'support.acme-helpdesk.test', 'help.acme.test:8443', 'localhost', '127.0.0.1:3000'])
      expect(problem(ok), ok).toBeNull();
  });

  it('refuses a wildcard and says to list each exact host', () => {
    expect(problem('*.zendesk.com')).toMatch(/exact host.*list each of your helpdesk's hosts instead, e\.g\. acme\.zendesk\.com/);
    expect(problem('https://*.zendesk.com/*')).toMatch(/every host under zendesk\.com/);
  });

  it('refuses a scheme or a path and says which host to write', () => {
    expect(problem('https://acme.zendesk.com/agent')).toBe(
      'must be the host alone, without a scheme (https://) or a path: write "acme.zendesk.com"',
    );
    expect(problem('acme.zendesk.com/agent')).toMatch(/write "acme\.zendesk\.com"/);
  });

  it('refuses uppercase, the default port, empty and malformed hosts with what to write', () => {
    expect(problem('Acme.Zendesk.com')).toBe('must be lowercase: write "acme.zendesk.com"');
    expect(problem('acme.zendesk.com:443')).toBe('must leave out the default port: write "acme.zendesk.com"');
    expect(problem('')).toMatch(/must be a host/);
    for (const bad of [
      'acme..zendesk.com',
      '-acme.zendesk.com',
      'acme.zendesk.com:0',
      'acme.zendesk.com:70000',
      'user@acme.zendesk.com',
      'acme zendesk.com',
      'a'.repeat(300),
    ])
      expect(problem(bad), bad).not.toBeNull();
  });
});

describe('instanceOf', () => {
  it("is the URL's host, lowercase, with a port only when it is not the default", () => {
    expect(instanceOf(new URL('https://ACME.Zendesk.com/agent/tickets/101'))).toBe('acme.zendesk.com');
    expect(instanceOf(new URL('https://acme.zendesk.com:443/x'))).toBe('acme.zendesk.com');
    expect(instanceOf(new URL('https://help.acme.test:8443/x#/t/1'))).toBe('help.acme.test:8443');
    expect(HelpdeskInstance.safeParse(instanceOf(new URL('https://help.acme.test:8443/x'))).success).toBe(true);
  });
});

describe('legacyInstanceFor', () => {
  it("scopes a legacy reference only to the tenant's single pinned host for that helpdesk", () => {
    expect(legacyInstanceFor('zendesk', ['acme.zendesk.com', 'acme.freshdesk.com'])).toBe('acme.zendesk.com');
    expect(legacyInstanceFor('zendesk', ['acme.zendesk.com', 'globex.zendesk.com'])).toBeNull();
    expect(legacyInstanceFor('zendesk', ['acme.freshdesk.com'])).toBeNull();
    // Self-hosted and declarative helpdesks have no domain of their own: never guessed.
    expect(legacyInstanceFor('freescout', ['help.acme.test'])).toBeNull();
    expect(legacyInstanceFor('custom:acme-desk', ['support.acme-helpdesk.test'])).toBeNull();
    // Not fooled by a look-alike host.
    expect(legacyInstanceFor('zendesk', ['evilzendesk.com'])).toBeNull();
  });
});
