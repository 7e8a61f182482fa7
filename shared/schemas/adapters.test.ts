import { describe, expect, it } from 'vitest';
import { AdapterDefinition } from './adapters';
import { customHelpdeskId, matchPatternProblem, selectorProblem, ticketUrlProblem } from '../adapter-rules';

const ok = { name: 'Acme', matches: ['https://support.acme.test/*'], ticketUrl: '/tickets/(\\d+)', selectors: { email: '.requester a' } };
const issues = (v: unknown) => {
  const r = AdapterDefinition.safeParse(v);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('AdapterDefinition', () => {
  it('accepts selectors, and a URL-only rule with named groups', () => {
    expect(issues(ok)).toEqual([]);
    expect(issues({ name: 'U', matches: ['*://*.acme.test/*'], ticketUrl: '/t/(?<id>\\d+)/(?<email>[^/]+)' })).toEqual([]);
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
    expect(matchPatternProblem('https://*.acme.test/agent/*')).toBeNull();
    expect(matchPatternProblem('<all_urls>')).toMatch(/must be a match pattern/);
    expect(matchPatternProblem('*://*/*')).toMatch(/every website/);
    expect(matchPatternProblem('https://acme.test:8443/*')).toMatch(/port/);
    expect(matchPatternProblem('https://acme.test')).toMatch(/must be a match pattern/);
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
