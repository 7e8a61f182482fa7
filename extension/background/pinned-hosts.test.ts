/**
 * The panel's content script runs only on the tenant's pinned hosts that the user allowed:
 * never on a wildcard, never on a host the user did not allow, never on a host the admin removed.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { accountItem, helpdeskHostsItem, serverUrlItem } from '../lib/storage';
import { CALL_PANEL_SCRIPT, CALL_SCRIPT, fetchHelpdeskHosts, isHost, PANEL_SCRIPT, syncRegistrations } from './pinned-hosts';

interface Script {
  id: string;
  matches?: string[];
  js?: string[];
  allFrames?: boolean;
}
let registered: Script[];
let granted: Set<string>;

beforeEach(() => {
  fakeBrowser.reset();
  registered = [
    { id: 'leeway-adapter-old', matches: ['https://*.zendesk.com/*'] },
    { id: 'someone-else', matches: ['https://x.test/*'] },
  ];
  granted = new Set(['https://acme.zendesk.com/*', 'https://*.zendesk.com/*']);
  // fake-browser has neither scripting nor permissions: a small stand-in with the browser's rules.
  Object.assign(fakeBrowser, {
    permissions: { contains: async ({ origins }: { origins: string[] }) => origins.every((o) => granted.has(o)) },
    scripting: {
      getRegisteredContentScripts: async () => registered,
      unregisterContentScripts: async ({ ids }: { ids: string[] }) => void (registered = registered.filter((s) => !ids.includes(s.id))),
      registerContentScripts: async (scripts: Script[]) => {
        for (const s of scripts) if (registered.some((r) => r.id === s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
        registered.push(...scripts);
      },
    },
  });
});

describe('registrations', () => {
  it('one per pinned host the user allowed, exactly https://<host>/*; the rest wait for permission', async () => {
    await helpdeskHostsItem.setValue(['acme.zendesk.com', 'acme.freshdesk.com']);
    const result = await syncRegistrations();
    expect(result).toEqual({ registered: ['acme.zendesk.com'], needsPermission: ['acme.freshdesk.com'] });
    expect(registered.filter((s) => s.id !== 'someone-else')).toEqual([
      {
        id: 'leeway-host-acme.zendesk.com',
        matches: ['https://acme.zendesk.com/*'],
        js: [PANEL_SCRIPT],
        runAt: 'document_idle',
        allFrames: false,
        persistAcrossSessions: true,
      },
    ]);
    // An earlier version's registration on its wildcard is gone; another's is left alone.
    expect(registered.map((s) => s.id)).toContain('someone-else');
    expect(registered.map((s) => s.id)).not.toContain('leeway-adapter-old');
  });

  it('on a contact-center desktop host, and there only, the call reader too: in the page’s world, from document start', async () => {
    granted.add('https://acme.my.connect.aws/*');
    await helpdeskHostsItem.setValue(['acme.zendesk.com', 'acme.my.connect.aws']);
    await syncRegistrations();
    const calls = registered.filter((s) => s.js?.includes(CALL_SCRIPT));
    expect(calls).toEqual([
      {
        id: 'leeway-host-acme.my.connect.aws#calls',
        matches: ['https://acme.my.connect.aws/*'],
        js: [CALL_SCRIPT],
        runAt: 'document_start',
        world: 'MAIN',
        allFrames: false,
        persistAcrossSessions: true,
      },
    ]);
    // The desktop's page gets the call panel, not the helpdesk reader (which would load no tracker for it).
    expect(registered.find((s) => s.id === 'leeway-host-acme.my.connect.aws')?.js).toEqual([CALL_PANEL_SCRIPT]);
    expect(registered.find((s) => s.id === 'leeway-host-acme.zendesk.com')?.js).toEqual([PANEL_SCRIPT]);
    // Both of the desktop's scripts go with its host.
    await helpdeskHostsItem.setValue(['acme.zendesk.com']);
    await syncRegistrations();
    expect(registered.filter((s) => s.id.includes('connect.aws'))).toEqual([]);
  });

  it('on the signed-in server’s host: the helpdesk reader on its demo desk, the call panel on its pop and widget pages', async () => {
    await serverUrlItem.setValue('http://127.0.0.1:4000');
    granted.add('http://127.0.0.1:4000/*');
    await helpdeskHostsItem.setValue(['127.0.0.1:4000']);
    await syncRegistrations();
    const ours = registered.filter((s) => s.id.startsWith('leeway-host-'));
    expect(ours.map((s) => [s.matches, s.js, s.allFrames])).toEqual([
      [['http://127.0.0.1:4000/demo/desk/*'], [PANEL_SCRIPT], false],
      [['http://127.0.0.1:4000/pop*'], [CALL_PANEL_SCRIPT], false],
      [['http://127.0.0.1:4000/widgets/*'], [CALL_PANEL_SCRIPT], true],
    ]);
  });

  it('a registration an earlier version left with the same files but another start or frames is replaced', async () => {
    const earlier = { matches: ['https://acme.zendesk.com/*'], js: [PANEL_SCRIPT] };
    registered.push({ id: 'leeway-host-acme.zendesk.com', ...earlier, runAt: 'document_start' } as Script);
    await helpdeskHostsItem.setValue(['acme.zendesk.com']);
    await syncRegistrations();
    const now = () => registered.filter((s) => s.id === 'leeway-host-acme.zendesk.com') as (Script & { runAt?: string })[];
    expect(now().map((s) => [s.runAt, s.allFrames])).toEqual([['document_idle', false]]);

    registered = registered.filter((s) => s.id !== 'leeway-host-acme.zendesk.com');
    registered.push({ id: 'leeway-host-acme.zendesk.com', ...earlier, runAt: 'document_idle', allFrames: true } as Script);
    await syncRegistrations();
    expect(now().map((s) => [s.runAt, s.allFrames])).toEqual([['document_idle', false]]);
  });

  it('a host the admin removed stops running at once, permission or not', async () => {
    await helpdeskHostsItem.setValue(['acme.zendesk.com']);
    await syncRegistrations();
    await helpdeskHostsItem.setValue([]);
    await syncRegistrations();
    expect(registered.map((s) => s.id)).toEqual(['someone-else']);
  });

  it('never registers a wildcard, even if one reached storage', async () => {
    await helpdeskHostsItem.setValue(['*.zendesk.com', 'https://acme.zendesk.com', 'acme.zendesk.com/agent']);
    const result = await syncRegistrations();
    expect(result.registered).toEqual([]);
    expect(registered.map((s) => s.id)).toEqual(['someone-else']);
  });

  it('two rebuilds at once do not register the same id twice', async () => {
    await helpdeskHostsItem.setValue(['acme.zendesk.com']);
    await expect(Promise.all([syncRegistrations(), syncRegistrations()])).resolves.toHaveLength(2);
    expect(registered.filter((s) => s.id.startsWith('leeway-host-'))).toHaveLength(1);
  });
});

describe('another tenant', () => {
  const account = (tenantId: string) => ({
    user: { id: `u-${tenantId}`, tenantId, tenantName: tenantId, email: `a@${tenantId}.test`, name: 'A', role: 'agent' as const },
  });

  it("after a sign-in to another tenant, the previous tenant's hosts run nothing, even before (or without) a new list", async () => {
    await serverUrlItem.setValue('http://leeway.test');
    await accountItem.setValue(account('acme'));
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify({ hosts: ['acme.zendesk.com'] }), { status: 200 })),
    );
    await fetchHelpdeskHosts();
    vi.unstubAllGlobals();
    expect((await syncRegistrations()).registered).toEqual(['acme.zendesk.com']);

    await accountItem.setValue(account('globex'));
    expect((await syncRegistrations()).registered).toEqual([]);
    expect(registered.map((s) => s.id)).toEqual(['someone-else']);
  });
});

describe('the pinned list from the server', () => {
  it('is stored as exact hosts only', async () => {
    await serverUrlItem.setValue('http://leeway.test');
    await accountItem.setValue({ user: { id: 'u', tenantId: 't', tenantName: 'Acme', email: 'a@acme.test', name: 'A', role: 'agent' } });
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(JSON.stringify({ hosts: ['acme.zendesk.com', '*.zendesk.com', 'help.acme.test:8443', 'EVIL.COM', 42] }), {
            status: 200,
          }),
      ),
    );
    expect(await fetchHelpdeskHosts()).toEqual(['acme.zendesk.com', 'help.acme.test:8443']);
    expect(await helpdeskHostsItem.getValue()).toEqual(['acme.zendesk.com', 'help.acme.test:8443']);
    vi.unstubAllGlobals();
  });

  it('isHost takes lowercase host[:port] and nothing else', () => {
    for (const ok of ['acme.zendesk.com', 'support.acme-helpdesk.test', 'localhost', 'help.acme.test:8443'])
      expect(isHost(ok), ok).toBe(true);
    for (const bad of [
      '*.zendesk.com',
      'https://acme.zendesk.com',
      'acme.zendesk.com/',
      'Acme.zendesk.com',
      '',
      'a..b',
      '-a.com',
      'a.com:',
    ])
      expect(isHost(bad), bad).toBe(false);
  });
});

describe('a rebuild with nothing changed', () => {
  it('leaves the registration in place (no moment without it while a page loads)', async () => {
    await helpdeskHostsItem.setValue(['acme.zendesk.com']);
    await syncRegistrations();
    const unregister = vi.spyOn(fakeBrowser.scripting, 'unregisterContentScripts');
    const register = vi.spyOn(fakeBrowser.scripting, 'registerContentScripts');
    await syncRegistrations();
    expect(unregister).not.toHaveBeenCalled();
    expect(register).not.toHaveBeenCalled();
    expect(registered.map((s) => s.id)).toContain('leeway-host-acme.zendesk.com');
  });
});
