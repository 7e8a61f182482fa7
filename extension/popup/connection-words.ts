/** The server connection in the launcher's words (popup and options), the same for every surface. */
import type { ConnectionStatus } from '../lib/connection-status';

export function connectionWords(s: ConnectionStatus): string {
  switch (s.state) {
    case 'online':
      return 'live';
    case 'connecting':
      return 'connecting…';
    case 'signed-out':
      return 'signed out';
    case 'offline':
      return `offline: ${s.reason}`;
  }
}
