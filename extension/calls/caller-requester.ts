/**
 * Who is on the line, as a requester the server can look up: a voice caller's number in E.164
 * (however the platform writes it), a chat identity's email or number. A withheld or unreadable
 * number gives no identity and says why, so the panel offers the search instead of a guess.
 */
import { readCallerNumber } from '@shared/caller-number';
import { Requester } from '@shared/schemas/context';
import type { CallReading } from '@shared/schemas/call-reading';

export function callerRequester(reading: Pick<CallReading, 'channel' | 'from'>): { requester: Requester; missing: string[] } {
  const from = reading.from?.trim() ?? '';
  if (reading.channel === 'chat' && from.includes('@') && !from.startsWith('sip:')) {
    const r = Requester.safeParse({ email: from.toLowerCase() });
    if (r.success) return { requester: r.data, missing: [] };
  }
  const n = readCallerNumber(from.replace(/^(whatsapp|sms|messenger):/i, ''));
  if (n.kind === 'number') return { requester: { phone: n.e164 }, missing: [] };
  if (reading.channel === 'chat') return { requester: {}, missing: ['The chat does not say who the customer is'] };
  return {
    requester: {},
    missing: [n.kind === 'withheld' ? 'The caller withheld their number' : 'The number the line shows is not one Leeway can read'],
  };
}
