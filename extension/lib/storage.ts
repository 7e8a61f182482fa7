/** Storage items, defined once. Tokens live only here and in the extension's own pages; web pages never see them. */
import { storage } from 'wxt/utils/storage';
import type { SessionUser } from '../../shared/schemas/auth';

export interface Session {
  /** The short-lived access token; the background renews it before it expires. */
  token: string;
  expiresAt: string;
  user: SessionUser;
  /** The server session it belongs to: a new one means a new sign-in, not a renewed token. */
  sid?: string;
  /** When to renew, by this machine's clock (epoch ms): three quarters into the token's life. */
  refreshAt?: number;
}

export const serverUrlItem = storage.defineItem<string>('local:serverUrl', {
  fallback: 'http://127.0.0.1:4000',
  version: 1,
});

export const sessionItem = storage.defineItem<Session | null>('local:session', {
  fallback: null,
  version: 1,
});

/**
 * The refresh token: single use, lasts the shift. Only the background reads it (extension
 * pages ask the background for an access token); presenting a used one ends the session.
 */
export const refreshItem = storage.defineItem<{ refreshToken: string; refreshExpiresAt: string } | null>('local:refresh', {
  fallback: null,
  version: 1,
});

/** Why the extension last signed itself out (session ended elsewhere, refresh refused), shown on the sign-in form. */
export const signedOutReasonItem = storage.defineItem<string | null>('local:signedOutReason', {
  fallback: null,
  version: 1,
});

/** A resolution record not yet acknowledged by the server. */
export interface OutboxEntry {
  body: import('../../shared/schemas/resolutions').ResolutionBody;
  addedAt: string;
  attempts: number;
  /** Set when the server refused it for good (invalid); such entries are not retried. */
  error?: string;
}

/** Written before anything is sent: a crash, a closed tab or a dead server loses nothing. */
export const outboxItem = storage.defineItem<OutboxEntry[]>('local:outbox', {
  fallback: [],
  version: 1,
});

/** The tenant's declarative helpdesk adapters, as the server last gave them (GET /v1/adapters). */
export const declarativeAdaptersItem = storage.defineItem<import('../../shared/schemas/adapters').AdapterRecord[]>('local:declarativeAdapters', {
  fallback: [],
  version: 1,
});

/** Where the agent left the panel on each helpdesk (by adapter id), and whether it was collapsed. */
export interface PanelPlace {
  /** Distance of the panel's top-left corner from the viewport's, in CSS pixels; absent: the default corner. */
  x?: number;
  y?: number;
  collapsed?: boolean;
}
export const panelPlacesItem = storage.defineItem<Record<string, PanelPlace>>('local:panelPlaces', {
  fallback: {},
  version: 1,
});

/** The QA console's helpdesk addresses (helpdesk id → origin), so a resolution links to its ticket. */
export const helpdeskBasesItem = storage.defineItem<Record<string, string>>('local:helpdeskBases', {
  fallback: {},
  version: 1,
});
