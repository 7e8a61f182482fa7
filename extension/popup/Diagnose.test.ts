// @vitest-environment happy-dom
import { h, render } from 'preact';
import { describe, expect, it } from 'vitest';
import type { TabDiagnostics } from '../lib/diagnostics';
import { Running } from './Diagnose';

const base: TabDiagnostics = {
  url: 'https://acme.zendesk.com/agent/tickets/102',
  adapter: {
    id: 'custom:acme-zendesk',
    name: 'Acme Zendesk',
    kind: 'declarative',
    why: 'your admin\'s adapter "Acme Zendesk" matches acme.zendesk.com, and a tenant\'s adapter takes precedence over the built-in Zendesk adapter',
  },
  ticketId: '102',
  ticketKey: 'custom:acme-zendesk:102',
  phase: 'reading',
  requester: null,
  source: null,
  rule: null,
  refusal: {
    kind: 'previous-requester',
    detail: "the page still shows the previous ticket's requester (dana.whitfield@example.com), and nothing on it names ticket 102",
  },
  missing: [],
  failure: null,
  tried: [],
  customerName: null,
  status: { state: 'online' } as TabDiagnostics['status'],
};
const shown = (d: TabDiagnostics) => {
  const root = document.createElement('div');
  render(h(Running, { d }), root);
  const field = (name: string) => root.querySelector(`[data-field="${name}"]`);
  return { field, root };
};

describe('popup diagnostics', () => {
  it('names the helpdesk instance the page is on (ids and tickets are scoped by it)', () => {
    expect(shown(base).field('instance')?.textContent).toBe('acme.zendesk.com');
    expect(shown({ ...base, url: 'https://Help.Example.com:8443/t/5' }).field('instance')?.textContent).toBe('help.example.com:8443');
  });

  it('says which adapter won the host and why, and why the reading was refused', () => {
    const { field } = shown(base);
    expect(field('adapter-why')?.textContent).toMatch(/takes precedence over the built-in Zendesk adapter/);
    expect(field('rule')?.textContent).toMatch(/none yet/);
    expect(field('refusal')?.getAttribute('data-refusal')).toBe('previous-requester');
    expect(field('refusal')?.textContent).toMatch(/^still showing the previous ticket's requester: the page still shows/);
  });

  it('names the reading rule of the requester shown, and each kind of refusal in words', () => {
    const { field } = shown({
      ...base,
      requester: { email: 'marco.rossi@example.com' },
      source: 'page',
      rule: 'pane',
      refusal: { kind: 'api-rate-limited', detail: "Zendesk's API answered 429" },
    });
    expect(field('rule')?.getAttribute('data-rule')).toBe('pane');
    expect(field('rule')?.textContent).toBe("this ticket's own pane on the page");
    expect(field('refusal')?.textContent).toMatch(/^the helpdesk's API is rate-limited \(429\): /);
    for (const [kind, words] of [
      ['in-frame', /inside a frame/],
      ['in-shadow-root', /inside a shadow root/],
      ['api-refused', /API refused/],
      ['no-match', /no match/],
    ] as const) {
      expect(shown({ ...base, refusal: { kind, detail: 'x' } }).field('refusal')?.textContent).toMatch(words);
    }
  });

  it('shows nothing new when the content script does not fill the new fields yet', () => {
    const { field } = shown({
      ...base,
      adapter: { id: 'zendesk', name: 'Zendesk', kind: 'built-in' },
      rule: undefined,
      refusal: undefined,
    });
    expect(field('adapter-why')).toBeNull();
    expect(field('refusal')).toBeNull();
  });
});
