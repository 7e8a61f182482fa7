/**
 * Bulk import of customers or events. Rows are committed in batches; each row runs in its
 * own savepoint, so a bad row is reported (line and reason) and never half-written, and the
 * good rows around it go in. The job's last committed line is stored in the same
 * transaction as the batch: re-running the same file after a crash resumes exactly there.
 */
import { and, eq } from 'drizzle-orm';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { IngestEvent } from '../../../shared/schemas/customer-events';
import { CustomerRow, type ImportReport } from '../../../shared/schemas/import';
import { parse } from '../../../shared/validate';
import type { Db } from '../db/open';
import { importJobs } from '../db/schema.sqlite';
import type { Repositories } from '../repositories';
import { canonicalIdentities } from '../repositories/customers';
import { readRows, type Row } from './read-rows';

const BATCH = 1000;

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export interface ImportOptions {
  db: Db;
  repos: Repositories;
  tenantId: string;
  kind: 'customers' | 'events';
  file: string;
  onProgress?: (line: number, imported: number, failed: number) => void;
}

export async function runImport(o: ImportOptions): Promise<ImportReport> {
  const { db, repos, tenantId, kind } = o;
  const fileSha256 = await sha256File(o.file);
  let job = db.select().from(importJobs).where(and(eq(importJobs.tenantId, tenantId), eq(importJobs.kind, kind), eq(importJobs.fileSha256, fileSha256))).get();
  if (!job) {
    job = { id: randomUUID(), tenantId, kind, fileSha256, lastLine: 0, imported: 0, failed: 0, status: 'running', startedAt: Date.now(), finishedAt: null };
    db.insert(importJobs).values(job).run();
  }
  const resumedAfter = job.lastLine;
  const report: ImportReport = { kind, lines: 0, imported: job.imported, failed: job.failed, resumedAfter, errors: [] };
  const jobId = job.id;

  const importRow = kind === 'customers' ? (v: unknown) => importCustomer(o, v) : (v: unknown) => importEvent(o, v);
  // Nested inside the batch's transaction, better-sqlite3 runs this as a savepoint.
  const inSavepoint = db.$client.transaction(importRow);
  const commit = db.$client.transaction((rows: Row[]) => {
    for (const row of rows) {
      try {
        if (row.error) throw new RowError(row.error);
        // A savepoint per row: a failure undoes that row only.
        inSavepoint(row.value);
        report.imported++;
      } catch (e) {
        report.failed++;
        report.errors.push({ line: row.line, message: e instanceof RowError ? e.message : `could not be stored: ${(e as Error).message}` });
      }
    }
    db.update(importJobs).set({ lastLine: rows.at(-1)!.line, imported: report.imported, failed: report.failed }).where(eq(importJobs.id, jobId)).run();
  });

  let batch: Row[] = [];
  for await (const row of readRows(o.file)) {
    report.lines = row.line;
    if (row.line <= resumedAfter) continue;
    batch.push(row);
    if (batch.length >= BATCH) {
      commit(batch);
      batch = [];
      o.onProgress?.(row.line, report.imported, report.failed);
    }
  }
  if (batch.length) commit(batch);
  o.onProgress?.(report.lines, report.imported, report.failed);
  db.update(importJobs).set({ status: 'done', finishedAt: Date.now() }).where(eq(importJobs.id, jobId)).run();
  return report;
}

class RowError extends Error {}

/** Upsert by external id; identities another customer holds become conflicts, not moves. */
function importCustomer(o: ImportOptions, value: unknown) {
  const p = parse(CustomerRow, value);
  if (!p.ok) throw new RowError(p.message);
  const r = p.value;
  if (r.phone && !canonicalIdentities({ phones: [r.phone] }).length) throw new RowError(`phone: “${r.phone}” is not a phone number`);
  const consent = { ...(r.consentMarketing === undefined ? {} : { marketing: r.consentMarketing }), ...(r.consentPersonalisation === undefined ? {} : { personalisation: r.consentPersonalisation }) };
  o.repos.customers.upsertByExternalId(
    o.tenantId,
    r.externalId,
    { name: r.name, tier: r.tier, lifetimeValueCents: r.lifetimeValueCents, currency: r.currency, customerSince: Date.parse(r.customerSince), flags: r.flags, consent, emails: r.email ? [r.email] : [], phones: r.phone ? [r.phone] : [] },
    'import',
  );
}

function importEvent(o: ImportOptions, value: unknown) {
  const p = parse(IngestEvent, value);
  if (!p.ok) throw new RowError(p.message);
  const customerId = o.repos.customers.resolveRefSync(o.tenantId, p.value.customer);
  if (!customerId) throw new RowError(`customer: no customer of this tenant matches ${JSON.stringify(p.value.customer)}`);
  o.repos.events.recordSync(o.tenantId, customerId, p.value);
}
