/** The server connection as every extension surface shows it. */
export type ConnectionStatus =
  | { state: 'online' }
  | { state: 'connecting' }
  | { state: 'offline'; reason: string }
  | { state: 'signed-out' };
