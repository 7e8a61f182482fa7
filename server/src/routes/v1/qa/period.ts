import { z } from 'zod';
import { IsoDateTime } from '../../../../../shared/schemas/common';
import { UserError } from '../../../errors';

const DAY = 86_400_000;
export const Period = z.object({ from: IsoDateTime.optional(), to: IsoDateTime.optional() });

/** A period from the query, defaulting to the last 8 weeks. */
export function period(q: { from?: string; to?: string }) {
  const to = q.to ? Date.parse(q.to) : Date.now() + 60_000;
  const from = q.from ? Date.parse(q.from) : to - 56 * DAY;
  if (to <= from) throw new UserError(400, 'to: must be after from');
  return { from, to };
}
