/** CSV sent as it is written: rows come from an (async) iterable, a page at a time, never one string of the whole file. */
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { FastifyReply } from 'fastify';

export function sendCsv(reply: FastifyReply, name: string, columns: string[], rows: AsyncIterable<unknown[]> | Iterable<unknown[]>) {
  // escape_formulas: a cell starting with = + - @ gets a leading quote, so a spreadsheet shows typed text instead of running it.
  const source = Readable.from(rows);
  const csv = source.pipe(stringify({ header: true, columns, escape_formulas: true }));
  // pipe() does not pass errors on: a read failing halfway ends the response instead of leaving it hanging.
  source.once('error', (err) => csv.destroy(err));
  // A stream is piped as it is, past the response schema (declared for errors only).
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(csv);
}
