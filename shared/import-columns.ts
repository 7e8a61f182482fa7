/**
 * The columns of a bulk import, read off its schema (`.meta` on each field): the import's --help,
 * the README's table and the row errors all say the same thing because they come from one place.
 */
import type { z } from 'zod';
import { CUSTOMER_FIELDS } from './schemas/import';

export interface ColumnDoc {
  name: string;
  required: boolean;
  /** What the value must look like. */
  format: string;
  example: string;
}

export function columnDocs(fields: Record<string, z.ZodType>): ColumnDoc[] {
  return Object.entries(fields).map(([name, schema]) => {
    const meta = (schema.meta() ?? {}) as { description?: string; example?: unknown };
    // Required is what the schema refuses when the column is missing, not a second list to keep in step.
    return { name, required: !schema.safeParse(undefined).success, format: meta.description ?? '', example: String(meta.example ?? '') };
  });
}

export const CUSTOMER_COLUMNS = columnDocs(CUSTOMER_FIELDS);

/** A CSV header and one row of examples, as a file would start. */
export function exampleCsv(columns: ColumnDoc[]): string {
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return `${columns.map((c) => c.name).join(',')}\n${columns.map((c) => cell(c.example)).join(',')}`;
}

/** One event line of an NDJSON events import: the webhook's body (shared/schemas/customer-events.ts). */
export const EXAMPLE_EVENT_LINE =
  '{"id":"evt_1","type":"payment.failed","occurredAt":"2026-11-23T10:00:00Z","customer":{"email":"dana.whitfield@example.com"},' +
  '"data":{"amountCents":4900,"currency":"USD","reason":"card declined"}}';
