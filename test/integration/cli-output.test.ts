/**
 * The CLIs speak in sentences (issue 20): send-event finds the server as the server is configured and
 * answers in one sentence, success or failure, never a stack trace; import --help documents every
 * column from the import schema, and a refused row names the column and the format expected.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_COLUMNS, EXAMPLE_EVENT_LINE, exampleCsv } from '@shared/import-columns';
import { startTestApp, type TestApp } from '../support/app';
import { runScript } from '../support/run-script';

let t: TestApp;
let secret: string;
beforeAll(async () => {
  t = await startTestApp();
  secret = (await t.app.repos.tenants.ingestKey('acme-demo'))!.secret;
});
afterAll(() => t.close());

const UNSET = ['LEEWAY_URL', 'LEEWAY_HOST', 'LEEWAY_PORT', 'LEEWAY_INGEST_KEY', 'LEEWAY_INGEST_SECRET'];
const sendEvent = (args: string[], env: Record<string, string>) => runScript('send-event.ts', args, { env, unset: UNSET });

describe('npm run send-event', () => {
  it('finds the server by LEEWAY_HOST and LEEWAY_PORT, as the server does, and says what it did in a sentence', async () => {
    const { port } = new URL(t.url);
    const run = await sendEvent(['payment.failed', 'dana.whitfield@example.com'], { LEEWAY_PORT: port, LEEWAY_INGEST_SECRET: secret });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Sent payment\.failed for dana\.whitfield@example\.com: stored as event [\w-]+, and pushed live to every panel showing this customer\.\n$/,
    );
  });

  it('says no server answers, and exits 1, when nothing listens there', async () => {
    // Port 1: no test server can take it (they listen on port 0, the kernel's ephemeral range); a
    // port found free could be another test's server by the time the script connects (seen in CI).
    const port = 1;
    const run = await sendEvent([], { LEEWAY_PORT: String(port), LEEWAY_INGEST_SECRET: secret });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`No Leeway server answers at http://127.0.0.1:${port}. Start it with \`npm start\`, or set LEEWAY_URL.\n`);
  });

  it("passes on a refusal's sentence, and exits 1", async () => {
    const run = await sendEvent(['payment.failed', 'nobody@example.org'], { LEEWAY_URL: t.url, LEEWAY_INGEST_SECRET: secret });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('Not sent: No customer of this tenant matches customer email nobody@example.org.\n');
  });

  it('--help names the event types', async () => {
    const run = await sendEvent(['--help'], {});
    expect(run.code).toBe(0);
    for (const type of ['payment.failed', 'order.placed', 'page.visited', 'survey.answered']) expect(run.stdout).toContain(type);
  });
});

describe('npm run import', () => {
  it('--help lists every column, whether it is required, and its format', async () => {
    const run = await runScript('import.ts', ['--help']);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    for (const c of CUSTOMER_COLUMNS) {
      const line = lines.find((l) => l.trim().startsWith(`${c.name} `));
      expect(line, c.name).toMatch(new RegExp(`^\\s+${c.name}\\s+${c.required ? 'required' : 'optional'}\\s+\\S`));
      expect(line).toContain(c.format);
    }
    expect(run.stdout).toMatch(/customerSince +required +ISO 8601 date \(YYYY-MM-DD\)/);
    expect(run.stdout).toMatch(/tier +required +one of standard, silver, gold, platinum/);
  });

  it("the README's table says the same, with the same example", () => {
    // Cells compared without the padding Biome aligns the table with.
    const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8').replace(/ *\| */g, ' | ');
    for (const c of CUSTOMER_COLUMNS) expect(readme).toContain(`| \`${c.name}\` | ${c.required ? 'required' : 'optional'} | ${c.format} |`);
    expect(readme).toContain(exampleCsv(CUSTOMER_COLUMNS));
    expect(readme).toContain(EXAMPLE_EVENT_LINE);
  });

  it('refuses a row naming the column and the format expected', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'leeway-import-')), 'customers.csv');
    writeFileSync(file, 'externalId,name,tier,lifetimeValueCents,customerSince\ncli-1,Cli One,gold,100,03/01/2024\n');
    const run = await runScript('import.ts', ['--tenant', 'acme', '--file', file, '--db', t.dbFile, '--quiet'], { env: t.dbEnv });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'line 2: customerSince: must be an ISO 8601 date like 2024-03-01, or a date-time like 2024-03-01T09:30:00Z',
    );
  });
});
