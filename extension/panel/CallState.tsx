/**
 * Where the call on a contact-center desktop stands, in the panel's header: it stands in for the
 * ticket number, and tells the agent the panel is about the call ringing now, before they answer.
 */
import type { CallState as State } from '@shared/schemas/call-reading';

const WORDS: Record<'voice' | 'chat', Record<State, string>> = {
  voice: { ringing: 'Incoming call', connected: 'On call', 'wrap-up': 'After-call work', ended: 'Call ended' },
  chat: { ringing: 'Incoming chat', connected: 'In chat', 'wrap-up': 'After-chat work', ended: 'Chat ended' },
};

export const callWords = (call: { state: State; channel: 'voice' | 'chat' }) => WORDS[call.channel][call.state];

export function CallState({ call }: { call: { state: State; channel: 'voice' | 'chat' } }) {
  return (
    <span class="call-state" data-field="call-state" data-call-state={call.state}>
      {callWords(call)}
    </span>
  );
}
