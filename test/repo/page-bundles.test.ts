// What a helpdesk tab evaluates each time an agent opens a ticket (its content script, and the
// panel's page with every module it imports) carries no schema library and no phone-number
// metadata. Both ran on every open before (about 40 ms each on a 2-core machine, before the panel
// could show anything) for a constant and for the call pages' trackers. Validation belongs to the
// server, and to the call panel (content-scripts/call-panel.js), which only call pages load.
// Reads the build `npm test` makes first (npm run build:ext).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { EXTENSION_DIR } from '../../scripts/demo/chromium';

const HEAVY = [
  { name: 'zod', mark: /ZodError/ },
  { name: 'libphonenumber-js', mark: /libphonenumber/ },
];

/** A built file and every module it imports statically (evaluated before it runs), as paths in the build. */
function withImports(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(join(EXTENSION_DIR, file), 'utf8');
  const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
  for (const m of text.matchAll(/(?:\bfrom|\bimport)\s*["']\.\/([^"']+\.js)["']/g)) withImports(`${dir}${m[1]}`, seen);
  return seen;
}

function loadedBy(page: string): string[] {
  const html = readFileSync(join(EXTENSION_DIR, page), 'utf8');
  const scripts = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="\/([^"]+\.js)"/g)].map((m) => m[1]!);
  expect(scripts.length, `${page} names its scripts`).toBeGreaterThan(0);
  return [...new Set(scripts.flatMap((s) => [...withImports(s)]))];
}

it.each([
  ['the helpdesk reader', () => [...withImports('content-scripts/reader.js')]],
  ['the panel page', () => loadedBy('panel.html')],
])('%s loads no zod and no libphonenumber-js', (_what, files) => {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) throw new Error(`no build in ${EXTENSION_DIR}: run npm run build:ext first`);
  const found = files().flatMap((f) => {
    const text = readFileSync(join(EXTENSION_DIR, f), 'utf8');
    return HEAVY.filter((h) => h.mark.test(text)).map((h) => `${f} holds ${h.name}`);
  });
  expect(found).toEqual([]);
});

it('the call panel does carry them: the marks above would find them', () => {
  const text = readFileSync(join(EXTENSION_DIR, 'content-scripts/call-panel.js'), 'utf8');
  expect(HEAVY.filter((h) => h.mark.test(text)).map((h) => h.name)).toEqual(['zod', 'libphonenumber-js']);
});
