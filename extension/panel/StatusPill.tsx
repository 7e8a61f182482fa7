import type { ConnectionStatus } from '../lib/messages';

const LABELS: Record<ConnectionStatus['state'], string> = {
  online: 'live',
  connecting: 'connecting…',
  offline: 'offline, retrying',
  'signed-out': 'signed out',
};

export function StatusPill({ status }: { status: ConnectionStatus }) {
  return (
    <span class={`pill pill-${status.state}`} data-status={status.state} title={status.state === 'offline' ? status.reason : undefined}>
      {LABELS[status.state]}
    </span>
  );
}
