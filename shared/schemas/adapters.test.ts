import { describe, expect, it } from 'vitest';
import { AdapterDefinition } from './adapters';
import {
  customHelpdeskId,
  matchPatternProblem,
  parseSelectorChain,
  selectorChainProblem,
  selectorProblem,
  splitSelectorChain,
  ticketUrlProblem,
} from '../adapter-rules';

const ok = { name: 'Acme', matches: ['https://support.acme.test/*'], ticketUrl: '/tickets/(\\d+)', selectors: { email: '.requester a' } };
const issues = (v: unknown) => {
  const r = AdapterDefinition.safeParse(v);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('AdapterDefinition', () => {
  it('accepts selectors, and a URL-only rule with named groups', () => {
    expect(issues(ok)).toEqual([]);
    expect(issues({ name: 'U', matches: ['*://support.acme.test/*'], ticketUrl: '/t/(?<id>\\d+)/(?<email>[^/]+)' })).toEqual([]);
  });
  it('names the field and the reason', () => {
    expect(issues({ ...ok, matches: [] })).toEqual(['matches: must list at least one match pattern']);
    expect(issues({ ...ok, ticketUrl: '/t/(' })[0]).toMatch(/^ticketUrl: is not a valid regular expression/);
    expect(issues({ ...ok, selectors: { email: '.a)' } })).toEqual(['selectors.email: has an unbalanced ")"']);
    expect(issues({ ...ok, extra: 1 })[0]).toMatch(/extra/);
  });
});

describe('the rules', () => {
  it('match patterns name one site', () => {
    expect(matchPatternProblem('https://support.acme.test/*')).toBeNull();
    expect(matchPatternProblem('https://support.acme.test/agent/*')).toBeNull();
    expect(matchPatternProblem('<all_urls>')).toMatch(/must be a match pattern/);
    expect(matchPatternProblem('*://*/*')).toMatch(/every website/);
    expect(matchPatternProblem('https://acme.test:8443/*')).toMatch(/port/);
    expect(matchPatternProblem('https://acme.test')).toMatch(/must be a match pattern/);
  });
  it('match patterns list exact hosts: no registrable-domain-wide or TLD-wide wildcard', () => {
    for (const p of ['https://*.com/*', 'https://*.co.uk/*', 'https://*.zendesk.com/*', '*://*.acme.test/agent/*']) {
      expect(matchPatternProblem(p), p).toMatch(
        /^must name exact hosts: .* list each of your helpdesk's hosts instead, e\.g\. https:\/\/support\./,
      );
    }
  });
  it('match patterns with a query or hash route: patterns never see them, the route goes in ticketUrl', () => {
    expect(matchPatternProblem('https://support.acme.test/#/tickets/*')).toMatch(/never see them.*put the route in ticketUrl/);
    expect(matchPatternProblem('https://support.acme.test/app?view=ticket*')).toMatch(/never see them.*put the route in ticketUrl/);
  });
  it('ticketUrl may not backtrack catastrophically', () => {
    expect(issues({ ...ok, ticketUrl: '/t/(\\d+)/((a+)+)$' })).toEqual([
      expect.stringMatching(/^ticketUrl: may backtrack catastrophically/),
    ]);
    expect(issues({ ...ok, ticketUrl: '/t/(\\d+)(\\w+\\s?)*$' })).toEqual([
      expect.stringMatching(/^ticketUrl: may backtrack catastrophically/),
    ]);
    expect(issues({ ...ok, ticketUrl: '^https://support\\.acme\\.test/#/tickets/(\\d+)' })).toEqual([]);
  });
  it('selectors may enter frames and shadow roots step by step; >>> and /deep/ are refused with what to write', () => {
    for (const s of [
      'iframe#t >> frame >> .req a',
      'x-card >> shadow >> .email',
      'iframe.app >> frame >> x-card >> shadow >> .email',
      '.pane[data-ticket="{id}"]',
    ]) {
      expect(selectorChainProblem(s), s).toBeNull();
    }
    expect(selectorChainProblem('x-card >>> .email')).toMatch(/">>>".*write "host-selector >> shadow >> inner-selector"/);
    expect(selectorChainProblem('x-card /deep/ .email')).toMatch(/"\/deep\/".*>> shadow >>/);
    expect(selectorChainProblem('x-card::shadow .email')).toMatch(/"::shadow"/);
    expect(selectorChainProblem('x-card >> .email')).toMatch(/only frame or shadow may stand/);
    expect(selectorChainProblem('x-card >> shadow')).toMatch(/name what to read inside it/);
    expect(selectorChainProblem('x-card>>shadow>>.email')).toMatch(/without a space/);
    expect(selectorChainProblem('x-card >> shadow >> .a)')).toMatch(/step ".a\)" has an unbalanced/);
    expect(parseSelectorChain('iframe#t >> frame >> .req a')).toEqual([{ css: 'iframe#t', enter: 'frame' }, { css: '.req a' }]);
    // The content script's lighter split agrees on every chain the schema accepts.
    for (const s of ['.a .b', 'iframe#t >> frame >> .req a', 'iframe.app >> frame >> x-card >> shadow >> .email'])
      expect(splitSelectorChain(s)).toEqual(parseSelectorChain(s));
  });
  it('ticketUrl needs a group for the id, and only known named groups', () => {
    expect(ticketUrlProblem('/t/(\\d+)')).toBeNull();
    expect(ticketUrlProblem('/t/(?:\\d+)')).toMatch(/capture group/);
    expect(ticketUrlProblem('/t/(?<ticket>\\d+)')).toMatch(/unknown named group ticket/);
    expect(ticketUrlProblem('/t/(\\d+)\\?e=(?<email>.+)')).toMatch(/\(\?<id>…\)/);
  });
  it('selectors: a quick structural check', () => {
    for (const s of ['.a .b', 'a[href^="mailto:"]', '[data-x="a)b"]', 'div:not(.x) > span']) expect(selectorProblem(s), s).toBeNull();
    expect(selectorProblem('')).toMatch(/empty/);
    expect(selectorProblem('> a')).toMatch(/combinator/);
    expect(selectorProblem('a { x }')).toMatch(/style rule/);
    expect(selectorProblem('a[x="y]')).toMatch(/unclosed quote/);
  });
  it('custom helpdesk ids are stable slugs', () => {
    expect(customHelpdeskId('Acme Helpdesk')).toBe('custom:acme-helpdesk');
    expect(customHelpdeskId('  Ünïcode Desk!! ')).toBe('custom:unicode-desk');
  });
});
