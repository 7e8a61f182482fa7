/**
 * Bulk import of customers or events. Rows are committed in batches: each row is checked, then
 * the batch's good rows are stored together in a savepoint, or (should the database refuse one)
 * each in its own, so a bad row is reported (line and reason) and never half-written, and the
 * good rows around it go in. The job's last committed line is stored in the same
 * transaction as the batch: re-running the same file after a crash resumes exactly there.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { IngestEvent } from '@shared/schemas/customer-events';
import { CustomerRow, type ImportReport } from '@shared/schemas/import';
import { parse } from '@shared/validate';
import type { Database } from '../db/database';
import { dbFault } from '../db/errors';
import type { Repositories } from '../repositories';
import type { NewCustomer } from '../repositories/customers';
import { customerFromRow } from './customer-input';
import { createImportJobsRepository } from '../repositories/import-jobs';
import { readRows, type Row } from './read-rows';

const BATCH = 1000;

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export interface ImportOptions {
  db: Database;
  repos: Repositories;
  tenantId: string;
  kind: 'customers' | 'events';
  file: string;
  onProgress?: (line: number, imported: number, failed: number) => void;
}

/** A row refused for what it says, found before anything of it is written. */
class RowError extends Error {}

/** One kind of row: checked (throwing RowError, writing nothing), then stored with others of its batch. */
interface Importer<T> {
  check(value: unknown): Promise<T>;
  store(items: T[]): Promise<void>;
}

type Failure = ImportReport['errors'][number];

export async function runImport(o: ImportOptions): Promise<ImportReport> {
  const { db, tenantId, kind } = o;
  const jobs = createImportJobsRepository(db);
  const fileSha256 = await sha256File(o.file);
  const findJob = () => jobs.find(tenantId, kind, fileSha256);
  let job = await findJob();
  if (!job) {
    // The same file started twice at once: one job, both resume from it.
    const fresh = {
      id: randomUUID(),
      tenantId,
      kind,
      fileSha256,
      lastLine: 0,
      imported: 0,
      failed: 0,
      status: 'running' as const,
      startedAt: Date.now(),
      finishedAt: null,
    };
    await jobs.createIfAbsent(fresh);
    job = (await findJob())!;
  }
  const resumedAfter = job.lastLine;
  const report: ImportReport = { kind, lines: 0, imported: job.imported, failed: job.failed, resumedAfter, errors: [] };
  const jobId = job.id;

  const importer: Importer<unknown> = (kind === 'customers' ? customerImporter(o) : eventImporter(o)) as Importer<unknown>;
  const exec = jobs.statement();
  /**
   * Runs `fn` in a savepoint: should the database refuse it, its writes are undone and its error returned, and the
   * transaction goes on. A storage fault, deadlock or serialization failure is no row's fault: it ends the batch
   * (nothing of it committed, lastLine unmoved), so the run fails and a resume tries those rows again.
   */
  async function attempt(fn: () => Promise<void>): Promise<unknown> {
    await exec('savepoint import_rows');
    try {
      await fn();
    } catch (e) {
      if (dbFault(e)) throw e;
      // Undoing fails only when the transaction itself is lost (connection, disk): that ends the import with its cause.
      await exec('rollback to savepoint import_rows').catch(() => {
        throw e;
      });
      await exec('release savepoint import_rows');
      return e;
    }
    await exec('release savepoint import_rows');
    return null;
  }

  /** One transaction per batch; what it counted is added to the report once it is committed. */
  const commit = (rows: Row[]) =>
    db.tx(async () => {
      const failures: Failure[] = [];
      const checked: { line: number; item: unknown }[] = [];
      for (const row of rows) {
        try {
          if (row.error) throw new RowError(row.error);
          checked.push({ line: row.line, item: await importer.check(row.value) });
        } catch (e) {
          if (!(e instanceof RowError)) throw e;
          failures.push({ line: row.line, message: e.message });
        }
      }
      // The batch's good rows in a few statements; should the database refuse one, that is undone and
      // they go again one at a time, each in a savepoint of its own, so only the refused row is lost.
      if (checked.length && (await attempt(() => importer.store(checked.map((c) => c.item))))) {
        for (const c of checked) {
          const e = await attempt(() => importer.store([c.item]));
          if (e)
            failures.push({ line: c.line, message: e instanceof RowError ? e.message : `could not be stored: ${(e as Error).message}` });
        }
      }
      const counts = { imported: report.imported + rows.length - failures.length, failed: report.failed + failures.length };
      await jobs.recordProgress(jobId, { lastLine: rows.at(-1)!.line, ...counts });
      return { counts, failures: failures.sort((a, b) => a.line - b.line) };
    });

  let batch: Row[] = [];
  const commitBatch = async () => {
    const { counts, failures } = await commit(batch);
    Object.assign(report, counts);
    report.errors.push(...failures);
    batch = [];
  };
  for await (const row of readRows(o.file)) {
    report.lines = row.line;
    if (row.line <= resumedAfter) continue;
    batch.push(row);
    if (batch.length >= BATCH) {
      await commitBatch();
      o.onProgress?.(row.line, report.imported, report.failed);
    }
  }
  if (batch.length) await commitBatch();
  o.onProgress?.(report.lines, report.imported, report.failed);
  await jobs.finish(jobId, Date.now());
  return report;
}

/** Upsert by external id; identities another customer holds become conflicts, not moves. */
function customerImporter(o: ImportOptions): Importer<{ externalId: string; customer: NewCustomer }> {
  return {
    async check(value) {
      const p = parse(CustomerRow, value);
      if (!p.ok) throw new RowError(p.message);
      // The phone's format is the schema's; the rest is the conversion the REST route shares.
      return customerFromRow(p.value);
    },
    async store(items) {
      await o.repos.customers.upsertManyByExternalId(o.tenantId, items, 'import');
    },
  };
}

function eventImporter(o: ImportOptions): Importer<{ customerId: string; event: IngestEvent }> {
  return {
    async check(value) {
      const p = parse(IngestEvent, value);
      if (!p.ok) throw new RowError(p.message);
      const customerId = await o.repos.customers.resolveRef(o.tenantId, p.value.customer);
      if (!customerId) throw new RowError(`customer: no customer of this tenant matches ${JSON.stringify(p.value.customer)}`);
      return { customerId, event: p.value };
    },
    async store(items) {
      for (const { customerId, event } of items) await o.repos.events.record(o.tenantId, customerId, event);
    },
  };
}
