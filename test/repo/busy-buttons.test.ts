// A control is never disabled because work it started is on its way: the button under the
// keyboard's focus would lose its ring and the focus would fall to the page. Such buttons use
// extension/lib/in-flight.ts (aria-disabled while busy, a second press ignored). `disabled` stays
// for what the user must do first (a note to write, a value to choose).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const IN_FLIGHT =
  /(?<![-\w])disabled=\{[^}]*\b(busy|loading|sending|saving|searching|linking|verifying|inFlight)\b|(?<![-\w])disabled=\{[^}]*'[a-z]+ing'/;

function* tsxFiles(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) yield* tsxFiles(path);
    else if (e.name.endsWith('.tsx')) yield path;
  }
}

it('no control is disabled while its own work is on its way (lib/in-flight.ts instead)', () => {
  const found = [...tsxFiles(join(root, 'extension'))].flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => (IN_FLIGHT.test(line) ? [`${relative(root, file)}:${i + 1}: ${line.trim()}`] : [])),
  );
  expect(found).toEqual([]);
});
