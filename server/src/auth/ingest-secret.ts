/**
 * Ingest key secrets at rest: sealed (AES-256-GCM) under the server's master key, since checking
 * a webhook's HMAC needs the secret itself, so it cannot be stored as a hash. A copy of the
 * database alone, a backup say, then holds no usable secret. Rows from before sealing hold the
 * secret as it was; they still open, and the server seals them when it starts.
 */
import { open, seal } from '../log/crypto';

const SEALED = 'sealed:v1:';

export const isSealedSecret = (stored: string) => stored.startsWith(SEALED);

export const sealSecret = (masterKey: Buffer, secret: string) => `${SEALED}${seal(masterKey, secret).enc}`;

/** The secret a stored value holds: opened when sealed, as it is otherwise. Throws when the master key is not the one it was sealed with. */
export function openSecret(masterKey: Buffer, stored: string): string {
  if (!isSealedSecret(stored)) return stored;
  try {
    return open(masterKey, { enc: stored.slice(SEALED.length) });
  } catch {
    throw new Error(
      'An ingest key secret cannot be opened with this LEEWAY_MASTER_KEY: start the server with the master key it was sealed under',
    );
  }
}
