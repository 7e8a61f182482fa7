/** Storage items, defined once. The token lives only here and in the background; pages never see it. */
import { storage } from 'wxt/utils/storage';
import type { SessionUser } from '../../shared/schemas/auth';

export interface Session {
  token: string;
  expiresAt: string;
  user: SessionUser;
}

export const serverUrlItem = storage.defineItem<string>('local:serverUrl', {
  fallback: 'http://127.0.0.1:4000',
  version: 1,
});

export const sessionItem = storage.defineItem<Session | null>('local:session', {
  fallback: null,
  version: 1,
});
