/**
 * Which panels are sent suggested offers unasked: per sign-in (session) on this process, the
 * panels (a connection and one of its open interactions) that asked last, each with the offers
 * already stored as shown in it and its agent's team (a teammate's grant spends the team's budget). Only an offer not shown before in an interaction needs the write
 * (a first showing is kept, so a repeat changes nothing), which spares most computations a commit.
 *
 * Bounded per sign-in, not per connection: a sign-in may hold several connections, and one that
 * asked in every customer's ticket would otherwise have each of their events computed for it. A
 * panel left out is still answered when it asks, and asks again when its tab is shown.
 */
import type { LeewaySocket } from '../sockets/types';

export const MAX_PUSHED_PER_SIGN_IN = 8;

/** What a pushed panel's next computation needs to know, kept from its last. */
export interface PushedState {
  /** Offer ids stored as shown in this interaction. */
  shown: Set<string>;
  /** Its agent's team as of the last computation (who shares its budget); null before any. */
  team: string | null;
}
interface Panel extends PushedState {
  socket: LeewaySocket;
  interactionId: string;
}
const bySession = new Map<string, Map<string, Panel>>();
const keyOf = (socket: LeewaySocket, interactionId: string) => `${socket.id}\n${interactionId}`;
const isOpen = (p: Panel) => p.socket.connected && p.socket.data.interactions.has(p.interactionId);

/**
 * The panel asked: it is now its sign-in's latest, and sent pushes (the oldest beyond the bound
 * are not). Registered before its answer is computed, so an event stored meanwhile is pushed.
 * null: the interaction is no longer open on this connection.
 */
export function panelAsked(socket: LeewaySocket, interactionId: string): PushedState | null {
  if (!socket.connected || !socket.data.interactions.has(interactionId)) return null;
  const { sessionId } = socket.data.principal;
  const panels = bySession.get(sessionId) ?? bySession.set(sessionId, new Map()).get(sessionId)!;
  for (const [k, p] of panels) if (!isOpen(p)) panels.delete(k);
  const key = keyOf(socket, interactionId);
  const panel = panels.get(key) ?? { socket, interactionId, shown: new Set<string>(), team: null };
  panels.delete(key);
  panels.set(key, panel);
  for (const k of panels.keys()) if (panels.size > MAX_PUSHED_PER_SIGN_IN) panels.delete(k);
  return panel;
}

/** A panel that is sent pushes; undefined: it is not (never asked, left out, closed). */
export function pushedPanel(socket: LeewaySocket, interactionId: string): PushedState | undefined {
  const panel = bySession.get(socket.data.principal.sessionId)?.get(keyOf(socket, interactionId));
  return panel && isOpen(panel) ? panel : undefined;
}

/** The interactions of this connection that are sent pushes about `customerId`. */
export function pushedInteractions(socket: LeewaySocket, customerId: string): string[] {
  const panels = bySession.get(socket.data.principal.sessionId);
  if (!panels) return [];
  const out: string[] = [];
  for (const p of panels.values())
    if (p.socket === socket && socket.data.interactions.get(p.interactionId)?.customerId === customerId) out.push(p.interactionId);
  return out;
}

/** Every open panel of the tenant's sign-ins on this process that is sent pushes (only a team's agents', or one agent's, if named). */
export function* pushedPanelsOf(
  tenantId: string,
  only: { team?: string; userId?: string } = {},
): Generator<{ socket: LeewaySocket; interactionId: string }> {
  for (const panels of bySession.values())
    for (const p of panels.values()) {
      const { principal } = p.socket.data;
      if (principal.tenantId !== tenantId || !isOpen(p)) continue;
      if ((only.team === undefined || p.team === only.team) && (only.userId === undefined || principal.userId === only.userId)) yield p;
    }
}

/** A connection closed: its panels are forgotten (and its sign-in's entry with the last of them). */
export function forgetConnection(socket: LeewaySocket): void {
  const { sessionId } = socket.data.principal ?? {};
  const panels = sessionId && bySession.get(sessionId);
  if (!panels) return;
  for (const [k, p] of panels) if (p.socket === socket) panels.delete(k);
  if (!panels.size) bySession.delete(sessionId);
}
