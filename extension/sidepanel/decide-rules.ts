import type { ExceptionDecideBody } from '@shared/schemas/exceptions';

/**
 * Which decisions can be sent now, as the server's rule has it (ExceptionDecideBody): an
 * approval with or without a note; a denial, a counter-offer or a send-up with one; a
 * counter-offer with an amount.
 */
export function canSend(decision: ExceptionDecideBody['decision'], note: string, counterCents: number | null): boolean {
  if (decision === 'approve') return true;
  if (!note.trim()) return false;
  return decision !== 'counter' || counterCents != null;
}
