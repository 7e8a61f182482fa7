import { z } from 'zod';
import { IsoDateTime } from '@shared/schemas/common';
import { UserError } from '../../../errors';

const DAY = 86_400_000;
/** The longest period an analytics route reads: a year, leap day included. Longer ones are asked for in parts. */
export const MAX_PERIOD_DAYS = 366;
export const Period = z.object({ from: IsoDateTime.optional(), to: IsoDateTime.optional() });

/**
 * Refuses a period that ends before it starts or is longer than a year, in words; `where` names
 * the fields as the caller sent them ("" for a query, "body." for a body).
 */
export function checkPeriod(from: number, to: number, where = ''): { from: number; to: number } {
  if (to <= from) throw new UserError(400, `${where}to: must be after ${where}from`);
  if (to - from > MAX_PERIOD_DAYS * DAY) {
    const days = Math.ceil((to - from) / DAY);
    throw new UserError(
      400,
      `${where}to: a period covers at most a year (${MAX_PERIOD_DAYS} days), and this one is ${days} days: ask for a year or less at a time`,
    );
  }
  return { from, to };
}

/** A period from the query, defaulting to the last 8 weeks. */
export function period(q: { from?: string; to?: string }, where = '') {
  const to = q.to ? Date.parse(q.to) : Date.now() + 60_000;
  const from = q.from ? Date.parse(q.from) : to - 56 * DAY;
  return checkPeriod(from, to, where);
}
