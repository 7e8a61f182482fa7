/** Streams rows with their line numbers from a CSV (header row) or NDJSON file. */
import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export interface Row {
  line: number;
  value: unknown;
  /** Set when the line itself could not be read (bad JSON, bad CSV quoting). */
  error?: string;
}

export async function* readRows(file: string): AsyncGenerator<Row> {
  if (/\.ndjson$|\.jsonl$/i.test(file)) {
    let line = 0;
    for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
      line++;
      if (!text.trim()) continue;
      try {
        yield { line, value: JSON.parse(text) };
      } catch {
        yield { line, value: null, error: 'is not valid JSON' };
      }
    }
    return;
  }
  // relax_column_count: a short or long row is reported by validation, not fatal to the file.
  const parser = createReadStream(file).pipe(
    parse({ columns: true, info: true, skip_empty_lines: true, trim: true, relax_column_count: true }),
  );
  for await (const rec of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>)
    yield { line: rec.info.lines, value: rec.record };
}
