import { and, eq, lt, or, type Column } from 'drizzle-orm';

/** Attachments may arrive well after the window closes; look this far past it. */
export const ATTACH_LOOKAHEAD = 60 * 86_400_000;
/** Ids per `in (…)` list: well within either engine's limit on parameters. */
export const IN_CHUNK = 500;
export const WEEK_MS = 604_800_000;
/** Rows per page of an export. */
export const EXPORT_PAGE = 500;
/** Rows after `after` in (createdAt, id) descending order: pages neither skip nor repeat rows of the same millisecond. */
export const olderThan = (t: { createdAt: Column; id: Column }, after: { at: number; id: string }) =>
  or(lt(t.createdAt, after.at), and(eq(t.createdAt, after.at), lt(t.id, after.id)));

export interface Payload {
  outcome?: string;
  category?: string;
  handleTimeSeconds?: number;
  actions?: {
    action: string;
    amountCents: number;
    via: 'leeway' | 'exception' | 'unrecorded';
    grantId?: string;
    exceptionId?: string | null;
  }[];
  note?: unknown;
  survey?: string;
  score?: number;
  daysAfter?: number;
}

export interface QaUser {
  id: string;
  team: string;
  since: number;
  name: string;
  role: string;
}

export type Settled = { scores: Record<string, { score: number; comment: string }>; quality: number };
