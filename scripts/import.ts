/**
 * npm run import -- --tenant acme --file customers.csv [--kind customers|events] [--db data/leeway.db]
 * (with LEEWAY_DATABASE_URL set, into that PostgreSQL database instead of the file)
 * Streams a CSV or NDJSON file into the database, with a progress bar, a per-row error report
 * (also written to FILE.errors.ndjson) and resumption: re-running the same file after an
 * interruption continues after the last committed line, without duplicates.
 */
import { SingleBar } from 'cli-progress';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { CUSTOMER_COLUMNS, EXAMPLE_EVENT_LINE, exampleCsv } from '@shared/import-columns';
import { exitOnOpenError } from '../server/src/db/errors';
import { openDatabase } from '../server/src/db/open';
import { runImport } from '../server/src/import/run-import';
import { createRepositories } from '../server/src/repositories';

const { values } = parseArgs({
  options: {
    tenant: { type: 'string' },
    file: { type: 'string' },
    kind: { type: 'string', default: 'customers' },
    db: { type: 'string', default: process.env.LEEWAY_DB_FILE ?? 'data/leeway.db' },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
const USAGE = 'Usage: npm run import -- --tenant SLUG --file FILE.csv|FILE.ndjson [--kind customers|events] [--db FILE]';
if (values.help) {
  const width = Math.max(...CUSTOMER_COLUMNS.map((c) => c.name.length));
  console.log(
    [
      USAGE,
      '',
      'Customers (--kind customers, the default): a CSV with a header row, or NDJSON with these keys.',
      'A row whose externalId is known updates that customer; an email or phone another customer holds is',
      'recorded as a conflict for a supervisor to merge, never moved.',
      ...CUSTOMER_COLUMNS.map((c) => `  ${c.name.padEnd(width)}  ${c.required ? 'required' : 'optional'}  ${c.format}`),
      '',
      'Example:',
      ...exampleCsv(CUSTOMER_COLUMNS)
        .split('\n')
        .map((line) => `  ${line}`),
      '',
      'Events (--kind events): NDJSON, one webhook body a line (README, "Pushing events"); occurredAt is ISO 8601.',
      `  ${EXAMPLE_EVENT_LINE}`,
    ].join('\n'),
  );
  process.exit(0);
}
if (!values.tenant || !values.file || !['customers', 'events'].includes(values.kind!)) {
  console.error(`${USAGE}\n(--help lists the columns and their formats)`);
  process.exit(2);
}
const url = process.env.LEEWAY_DATABASE_URL;
const db = await openDatabase(url ? { kind: 'postgres', url, poolSize: 2 } : { kind: 'sqlite', file: values.db!, sync: 'FULL' }).catch(
  exitOnOpenError,
);
// The import writes no sealed log fields: the master key is not needed here.
const repos = createRepositories(db, { masterKey: randomBytes(32) });
const tenant = await repos.tenants.bySlug(values.tenant);
if (!tenant) {
  console.error(`No tenant “${values.tenant}” in ${db.where}`);
  await db.close();
  process.exit(2);
}
const bar = values.quiet
  ? null
  : new SingleBar({ format: 'importing {bar} line {value} · {imported} imported · {failed} refused', hideCursor: true });
bar?.start(1, 0, { imported: 0, failed: 0 });
const report = await runImport({
  db,
  repos,
  tenantId: tenant.id,
  kind: values.kind as 'customers' | 'events',
  file: values.file,
  onProgress: (line, imported, failed) => {
    bar?.setTotal(Math.max(line, 1));
    bar?.update(line, { imported, failed });
    if (values.quiet) console.log(`progress ${line}`);
  },
});
bar?.stop();
await db.close();
if (report.errors.length) writeFileSync(`${values.file}.errors.ndjson`, `${report.errors.map((e) => JSON.stringify(e)).join('\n')}\n`);
console.log(
  `${report.imported} rows imported, ${report.failed} refused${report.resumedAfter ? ` (resumed after line ${report.resumedAfter})` : ''}.` +
    (report.errors.length ? ` Refused rows: ${values.file}.errors.ndjson` : ''),
);
for (const e of report.errors.slice(0, 10)) console.log(`  line ${e.line}: ${e.message}`);
