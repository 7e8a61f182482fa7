// @vitest-environment happy-dom
/** Which pages and hosts are contact-center desktops: the call reader runs nowhere else. */
import { describe, expect, it } from 'vitest';
import { callDesktopOfHost } from '@shared/call-desktops';
import { callDesktopFor, callDesktops, isCallDesktopHost } from './desktops';

describe('call desktops', () => {
  it('knows Amazon Connect on both host forms and Flex by their agent pages', () => {
    const id = (u: string) => callDesktopFor(new URL(u))?.id ?? null;
    expect(id('https://acme.my.connect.aws/ccp-v2/')).toBe('amazon-connect');
    expect(id('https://acme.my.connect.aws/agent-app-v2/')).toBe('amazon-connect');
    expect(id('https://acme.awsapps.com/connect/ccp-v2/#/')).toBe('amazon-connect');
    expect(id('https://flex.twilio.com/agent-desktop/')).toBe('twilio-flex');
    expect(id('https://acme.my.connect.aws/connect/home')).toBeNull();
    expect(id('https://acme.zendesk.com/agent/tickets/1')).toBeNull();
  });

  it('treats a host as a desktop only under the platform’s own domain', () => {
    expect(isCallDesktopHost('acme.my.connect.aws')).toBe(true);
    expect(isCallDesktopHost('acme.awsapps.com')).toBe(true);
    expect(isCallDesktopHost('flex.twilio.com')).toBe(true);
    expect(isCallDesktopHost('my.connect.aws')).toBe(false);
    expect(isCallDesktopHost('evil-my.connect.aws.example.com')).toBe(false);
    expect(isCallDesktopHost('acme.zendesk.com')).toBe(false);
    expect(isCallDesktopHost('flex.twilio.com.evil.test')).toBe(false);
  });

  it('names the same desktop for every host its pages match as the server does (shared/call-desktops.ts)', () => {
    for (const d of callDesktops)
      for (const m of d.matches) {
        const host = /^https:\/\/([^/]+)\//.exec(m)![1]!.replace('*.', 'acme.');
        expect(callDesktopOfHost(host), m).toBe(d.id);
      }
  });
});
