/** Storage items, defined once. Tokens are in session storage (`authItem`), never in local storage, which content scripts can read. */
import { storage } from 'wxt/utils/storage';
import type { SessionUser } from '@shared/schemas/auth';

/**
 * Who is signed in, for the UI (options, popup, side panel): not a secret, so it lives in local
 * storage like the rest. The tokens that go with it are in `authItem`, which content scripts cannot read.
 */
export interface Account {
  user: SessionUser;
  /** The server session it belongs to: a new one means a new sign-in, not a renewed token. */
  sid?: string;
}

export const serverUrlItem = /* @__PURE__ */ storage.defineItem<string>('local:serverUrl', {
  fallback: 'http://127.0.0.1:4000',
  version: 1,
});

export const accountItem = /* @__PURE__ */ storage.defineItem<Account | null>('local:account', {
  fallback: null,
  version: 1,
});
/**
 * The tokens, in session storage: held in memory by the browser, never written to disk, and
 * readable only by trusted contexts (the background sets TRUSTED_CONTEXTS explicitly; Firefox
 * never exposes session storage to content scripts). Only the background reads or writes it
 * (extension/background/session.ts); extension pages ask the background for an access token.
 * A browser restart clears it: the agent signs in again.
 */
export interface Auth {
  /**
   * The server that issued the tokens: the only one they are ever sent to. Not `serverUrlItem`,
   * which is in local storage, where a content script could rewrite it (background/session.ts).
   */
  serverUrl: string;
  /** The short-lived access token; the background renews it before it expires. */
  token: string;
  expiresAt: string;
  /** When to renew, by this machine's clock (epoch ms): three quarters into the token's life. */
  refreshAt: number;
  /** Single use, lasts the shift; presenting a used one ends the session. */
  refreshToken: string;
  refreshExpiresAt: string;
  sid?: string;
}
export const authItem = /* @__PURE__ */ storage.defineItem<Auth | null>('session:auth', {
  fallback: null,
  version: 1,
});

/** Where versions before tokens moved to session storage kept them; read once to move them, then removed. */
export const LEGACY_TOKEN_KEYS = ['session', 'refresh', 'session$', 'refresh$'] as const;

/** Why the extension last signed itself out (session ended elsewhere, refresh refused), shown on the sign-in form. */
export const signedOutReasonItem = /* @__PURE__ */ storage.defineItem<string | null>('local:signedOutReason', {
  fallback: null,
  version: 1,
});

/** Who wrote an outbox record: only their own sign-in sends it (another agent's would log it as theirs). */
export interface OutboxAuthor {
  userId: string;
  tenantId: string;
  /** Shown to whoever else signs in on this browser meanwhile, so they know whose records wait. */
  name: string;
}

/** A resolution record not yet acknowledged by the server. */
export interface OutboxEntry {
  body: import('@shared/schemas/resolutions').ResolutionBody;
  /** Absent on records from before authors were kept: the next sign-in sends them, as it did then. */
  author?: OutboxAuthor;
  addedAt: string;
  attempts: number;
  /** Set when the server refused it for good (invalid); such entries are not retried. */
  error?: string;
}

/** Written before anything is sent: a crash, a closed tab or a dead server loses nothing. */
export const outboxItem = /* @__PURE__ */ storage.defineItem<OutboxEntry[]>('local:outbox', {
  fallback: [],
  version: 1,
});

/** The tenant's declarative helpdesk adapters, as the server last gave them (GET /v1/adapters). */
export const declarativeAdaptersItem = /* @__PURE__ */ storage.defineItem<import('@shared/schemas/adapters').AdapterRecord[]>(
  'local:declarativeAdapters',
  {
    fallback: [],
    version: 1,
  },
);

/**
 * Where the panel sits: `x` CSS px from the viewport's `edgeX` edge and `y` from its `edgeY` edge
 * (the nearer ones when it was dropped), so another window width keeps its distance from that edge.
 */
export interface Dock {
  edgeX: 'left' | 'right';
  x: number;
  edgeY: 'top' | 'bottom';
  y: number;
}

/** Where the agent left the panel on each helpdesk (by adapter id), and whether it was collapsed. */
export interface PanelPlace {
  /** Absent: the helpdesk's default place (adapters/placement.ts). */
  dock?: Dock;
  /**
   * Older versions' place: the top-left corner in pixels from the viewport's. Converted to `dock`
   * (and removed) by the first content script that reads it (reader.content/frame-place.ts).
   */
  x?: number;
  y?: number;
  collapsed?: boolean;
}
export const panelPlacesItem = /* @__PURE__ */ storage.defineItem<Record<string, PanelPlace>>('local:panelPlaces', {
  fallback: {},
  version: 1,
});

/** The QA console's helpdesk addresses (helpdesk id → origin), so a resolution links to its ticket. */
export const helpdeskBasesItem = /* @__PURE__ */ storage.defineItem<Record<string, string>>('local:helpdeskBases', {
  fallback: {},
  version: 1,
});

/**
 * The exact helpdesk hosts the tenant's admin pinned (GET /v1/helpdesk-hosts), e.g.
 * `acme.zendesk.com`. Not secret. The background registers the panel's content script only on
 * these (and only where the user allowed them); the options page lists them with "Allow".
 */
export const helpdeskHostsItem = /* @__PURE__ */ storage.defineItem<string[]>('local:helpdeskHosts', {
  fallback: [],
  version: 1,
});

/**
 * The newest signed log checkpoint this browser's console saw, per server and user: the
 * auditor's own witness, outside the server's database (shared/log/witness.ts). Public data.
 */
export const logWitnessItem = /* @__PURE__ */ storage.defineItem<Record<string, import('@shared/log/witness').Witnessed>>(
  'local:logWitness',
  {
    fallback: {},
    version: 1,
  },
);
