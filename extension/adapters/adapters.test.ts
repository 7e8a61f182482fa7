// @vitest-environment happy-dom
/**
 * The structure every adapter keeps, checked for all of them: registered in index.ts, a
 * "Test URLs" comment, a fixture folder; and, from those Test URLs, that each adapter reads
 * its own ticket URLs and no adapter claims another helpdesk's.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adapterFor, adapters } from './index';

const DIR = import.meta.dirname;
// declarative.ts is the factory for admin-defined adapters, not a helpdesk of its own; watch-requester.ts is the reading rule;
// placement.ts is where each adapter's panel sits by default.
const NOT_ADAPTERS = new Set(['types.ts', 'requester.ts', 'index.ts', 'declarative.ts', 'watch-requester.ts', 'placement.ts']);
const files = readdirSync(DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !NOT_ADAPTERS.has(f));
const index = readFileSync(join(DIR, 'index.ts'), 'utf8');

/** The URLs of an adapter's "Test URLs" comment: tickets first, then those after "not a ticket:". */
function testUrls(file: string): { tickets: string[]; others: string[] } {
  const block = /Test URLs:([\s\S]*?)\*\//.exec(readFileSync(join(DIR, file), 'utf8'))?.[1] ?? '';
  const [tickets = '', others = ''] = block.split('not a ticket:');
  const urls = (s: string) => s.match(/https:\/\/[^\s,]+/g) ?? [];
  return { tickets: urls(tickets), others: urls(others) };
}

describe.each(files)('adapter file %s', (file) => {
  const name = file.replace(/\.ts$/, '');
  const adapter = adapters.find((a) => a.id === name);

  it('is registered', () => {
    expect(index, `${file} is not imported in adapters/index.ts`).toContain(`from './${name}'`);
    expect(adapter, `adapters/index.ts does not list an adapter with id "${name}" (the id must match the file name)`).toBeDefined();
  });

  it('lists its Test URLs', () => {
    const { tickets, others } = testUrls(file);
    expect(tickets.length, `${file} has no "Test URLs" comment with ticket URLs`).toBeGreaterThan(0);
    expect(others.length, `${file}'s Test URLs say no "not a ticket:" URLs`).toBeGreaterThan(0);
  });

  it('has a fixture folder', () => {
    expect(existsSync(join(DIR, '../../test/fixtures', name)), `test/fixtures/${name}/ is missing`).toBe(true);
  });

  it('reads a ticket id from each of its Test URLs and from none of its "not a ticket" ones', () => {
    const { tickets, others } = testUrls(file);
    for (const url of tickets) expect(adapter!.ticketIdFromUrl(new URL(url)), `${name} reads no ticket from its own ${url}`).not.toBeNull();
    for (const url of others) expect(adapter!.ticketIdFromUrl(new URL(url)), `${name} reads a ticket from ${url}`).toBeNull();
  });

  it('claims no other helpdesk’s ticket URL', () => {
    for (const other of files.filter((f) => f !== file)) {
      for (const url of testUrls(other).tickets) {
        expect(adapter!.ticketIdFromUrl(new URL(url)), `${name} claims ${other.replace('.ts', '')}'s ${url}`).toBeNull();
        if (adapter!.matches.length) expect(adapterFor(new URL(url))?.id, `${url} would run the ${name} adapter`).not.toBe(name);
      }
    }
  });
});
