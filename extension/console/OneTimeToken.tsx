import { useEffect, useRef, useState } from 'preact/hooks';
import type { InviteReply } from '@shared/schemas/users';
import { formatDateTime } from './format';

/** The token exists only in this answer: shown once, with a way to copy it, then gone. */
export function OneTimeToken({ reply, onDone }: { reply: InviteReply; onDone: () => void }) {
  const ref = useRef<HTMLElement>(null);
  const [copied, setCopied] = useState(false);
  // Moved to, so a screen reader says it at once and the keyboard is where the next step is.
  useEffect(() => ref.current?.focus(), [reply.invite.token]);
  async function copy() {
    await navigator.clipboard.writeText(reply.invite.token).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  }
  return (
    <section class="one-time" data-testid="invite-token" ref={ref} tabIndex={-1} aria-labelledby="one-time-heading">
      <h3 id="one-time-heading">Invitation for {reply.user.name}</h3>
      <p>
        Send this token to {reply.user.email} privately. They choose their password with it in the Leeway extension's options, under “I have
        an invitation”. It works once, until {formatDateTime(reply.invite.expiresAt)}, and is not shown again.
      </p>
      <div class="row">
        <label class="grow">
          One-time token <input readOnly name="invite-token" value={reply.invite.token} onFocus={(e) => e.currentTarget.select()} />
        </label>
        <button type="button" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy token'}
        </button>
        <button type="button" class="secondary" onClick={onDone}>
          Done
        </button>
      </div>
      <p class="visually-hidden" role="status">
        {copied ? 'Token copied to the clipboard' : ''}
      </p>
    </section>
  );
}
