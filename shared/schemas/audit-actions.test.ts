import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from './audit';

const SERVER = resolve(import.meta.dirname, '../../server/src');
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') ? [join(dir, d.name)] : [],
  );

describe('the audit actions the console can filter by', () => {
  it('list every action the server records, so none is unreachable in the filter', () => {
    const recorded = new Set<string>();
    for (const file of sources(SERVER)) {
      const text = readFileSync(file, 'utf8');
      // Literal actions, and the constants some services name them with.
      for (const m of text.matchAll(/audit\.record\([^,]+,\s*[^,]+,\s*'([a-z][a-z.-]*)'/g)) recorded.add(m[1]!);
      for (const m of text.matchAll(/^const [A-Z_]+ = '([a-z-]+\.[a-z.-]+)';/gm)) if (text.includes('audit.record')) recorded.add(m[1]!);
    }
    expect(recorded.size).toBeGreaterThan(20);
    expect([...recorded].filter((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a)).sort()).toEqual([]);
  });
});
