/**
 * The demo desk is a pinned host like any other, with one difference: it is the server the user
 * signed in to, so the panel runs there on the desk's pages only, and on no other loopback host.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it } from 'vitest';
import { helpdeskHostsItem, serverUrlItem } from '../lib/storage';
import { hostPattern, runPattern, syncRegistrations } from './pinned-hosts';

let registered: { id: string; matches?: string[]; allFrames?: boolean }[];
let granted: Set<string>;

beforeEach(() => {
  fakeBrowser.reset();
  registered = [];
  granted = new Set(['https://acme.zendesk.com/*', 'http://127.0.0.1:4000/*', 'http://127.0.0.1:5000/*']);
  Object.assign(fakeBrowser, {
    permissions: { contains: async ({ origins }: { origins: string[] }) => origins.every((o) => granted.has(o)) },
    scripting: {
      getRegisteredContentScripts: async () => registered,
      unregisterContentScripts: async ({ ids }: { ids: string[] }) => void (registered = registered.filter((s) => !ids.includes(s.id))),
      registerContentScripts: async (scripts: { id: string; matches?: string[]; allFrames?: boolean }[]) =>
        void registered.push(...scripts),
    },
  });
});

const patterns = () => registered.flatMap((s) => s.matches ?? []);

describe('the demo desk host', () => {
  it('asks for plain http only on this machine', () => {
    expect(hostPattern('127.0.0.1:4000')).toBe('http://127.0.0.1:4000/*');
    expect(hostPattern('localhost:4000')).toBe('http://localhost:4000/*');
    expect(hostPattern('acme.zendesk.com')).toBe('https://acme.zendesk.com/*');
    expect(hostPattern('127.0.0.1.example.com')).toBe('https://127.0.0.1.example.com/*');
  });

  it('on the signed-in server’s own host, runs on its demo desk, its screen-pop page and (in frames) its widget pages only', async () => {
    await serverUrlItem.setValue('http://127.0.0.1:4000');
    await helpdeskHostsItem.setValue(['acme.zendesk.com', '127.0.0.1:4000']);
    const result = await syncRegistrations();
    expect(result.registered.sort()).toEqual(['127.0.0.1:4000', 'acme.zendesk.com']);
    expect(patterns().sort()).toEqual([
      'http://127.0.0.1:4000/demo/desk/*',
      'http://127.0.0.1:4000/pop*',
      'http://127.0.0.1:4000/widgets/*',
      'https://acme.zendesk.com/*',
    ]);
    // A widget page is a frame inside the platform's desktop: only its registration runs in frames.
    expect(registered.filter((r) => r.allFrames).flatMap((r) => r.matches)).toEqual(['http://127.0.0.1:4000/widgets/*']);
  });

  it('runs on no loopback host but the signed-in server’s, permission or not', async () => {
    await serverUrlItem.setValue('http://127.0.0.1:4000');
    await helpdeskHostsItem.setValue(['127.0.0.1:5000']);
    expect((await syncRegistrations()).registered).toEqual([]);
    expect(patterns()).toEqual([]);
  });

  it('follows the server the user signs in to: another server’s desk stops running', async () => {
    await serverUrlItem.setValue('http://127.0.0.1:4000');
    await helpdeskHostsItem.setValue(['127.0.0.1:4000', '127.0.0.1:5000']);
    await syncRegistrations();
    expect(patterns()).toEqual(['http://127.0.0.1:4000/demo/desk/*', 'http://127.0.0.1:4000/pop*', 'http://127.0.0.1:4000/widgets/*']);
    await serverUrlItem.setValue('http://127.0.0.1:5000');
    await syncRegistrations();
    expect(patterns()).toEqual(['http://127.0.0.1:5000/demo/desk/*', 'http://127.0.0.1:5000/pop*', 'http://127.0.0.1:5000/widgets/*']);
  });

  it('registers nothing where the server’s scheme is not the one its host may be allowed on', () => {
    expect(runPattern('127.0.0.1:4000', 'https://127.0.0.1:4000')).toBeNull();
    expect(runPattern('leeway.acme.test', 'https://leeway.acme.test')).toBe('https://leeway.acme.test/demo/desk/*');
    expect(runPattern('leeway.acme.test', 'http://leeway.acme.test')).toBeNull();
    expect(runPattern('acme.zendesk.com', 'not a url')).toBe('https://acme.zendesk.com/*');
  });
});
