/**
 * An auditor's console as a witness of the resolution log. It keeps the last signed checkpoint
 * it saw (outside the server's database: in the auditor's browser) and, each time it looks
 * again, judges what the server now shows against it. Someone able to write the database can
 * rewrite and re-chain entries and delete checkpoints, but cannot sign: the console notices a log
 * that got shorter, a checkpoint whose hash changed (a fork), or one signed again.
 */
import { checkpointMessage, type Checkpoint } from './checkpoint-message';

/** What the console remembers: the server's key when it first saw it, and the newest checkpoint since. */
export interface Witnessed {
  keyId: string;
  publicKey: string;
  checkpoint: Checkpoint;
}

/** What `GET /v1/log/checkpoints` answers: the signing key and checkpoints in ascending seq. */
export interface Served {
  keyId: string;
  publicKey: string;
  checkpoints: Checkpoint[];
}

export type WitnessAlarm =
  | { kind: 'new-key'; message: string }
  | { kind: 'bad-signature'; seq: number; message: string }
  | { kind: 'shorter'; message: string }
  | { kind: 'forked'; message: string }
  | { kind: 're-signed'; message: string };

export type Judgement =
  /** Nothing to compare yet: no checkpoint signed, and none seen before. */
  | { state: 'none' }
  /** Consistent with what was seen: remember `witnessed` from now on. */
  | { state: 'ok'; witnessed: Witnessed }
  /** Something is wrong: keep what was seen, and say what. */
  | { state: 'alarm'; alarm: WitnessAlarm };

const fromBase64 = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
const when = (at: number) => `${new Date(at).toISOString().replace('T', ' ').slice(0, 16)} UTC`;

/** Ed25519 with WebCrypto: the same check in a console and in Node. False for anything malformed. */
export async function signatureHolds(publicKeyBase64: string, c: Checkpoint): Promise<boolean> {
  try {
    const key = await crypto.subtle.importKey('raw', fromBase64(publicKeyBase64), { name: 'Ed25519' }, false, ['verify']);
    return await crypto.subtle.verify({ name: 'Ed25519' }, key, fromBase64(c.signature), new TextEncoder().encode(checkpointMessage(c)));
  } catch {
    return false;
  }
}

/**
 * `served` must start at the seen checkpoint's seq (ask for `after = seen.seq - 1`) and run to the
 * newest; on first sight, any suffix that ends at the newest.
 */
export async function judge(seen: Witnessed | null, served: Served): Promise<Judgement> {
  if (seen && (served.publicKey !== seen.publicKey || served.keyId !== seen.keyId)) {
    return {
      state: 'alarm',
      alarm: {
        kind: 'new-key',
        message: `The log is now signed with a different key (${served.keyId}, was ${seen.keyId}). Someone may be re-signing a rewritten log. Trust the new key only if your administrator confirms they replaced it.`,
      },
    };
  }
  for (const c of served.checkpoints) {
    if (c.keyId !== served.keyId || !(await signatureHolds(served.publicKey, c))) {
      return {
        state: 'alarm',
        alarm: {
          kind: 'bad-signature',
          seq: c.seq,
          message: `The checkpoint at entry ${c.seq} is not signed by the log's key: it was written into the database, not signed by the server.`,
        },
      };
    }
  }
  const newest = served.checkpoints.at(-1);
  if (seen) {
    const s = seen.checkpoint;
    const same = served.checkpoints.find((c) => c.seq === s.seq);
    if (!same) {
      return newest && newest.seq > s.seq
        ? {
            state: 'alarm',
            alarm: {
              kind: 'forked',
              message: `The checkpoint at entry ${s.seq}, signed ${when(s.at)} and seen here, is gone while later ones exist: the log was rewritten from there.`,
            },
          }
        : {
            state: 'alarm',
            alarm: {
              kind: 'shorter',
              message: `The log is shorter than this console last saw: it had a signed checkpoint at entry ${s.seq} (${when(s.at)}); the server now shows ${newest ? `entry ${newest.seq} as the newest` : 'no checkpoint at all'}.`,
            },
          };
    }
    if (same.hash !== s.hash) {
      return {
        state: 'alarm',
        alarm: {
          kind: 'forked',
          message: `Entry ${s.seq} no longer has the hash signed ${when(s.at)}: the log was rewritten up to there (a fork).`,
        },
      };
    }
    if (same.at !== s.at || same.signature !== s.signature) {
      return {
        state: 'alarm',
        alarm: {
          kind: 're-signed',
          message: `The checkpoint at entry ${s.seq} was signed again (now dated ${when(same.at)}, first signed ${when(s.at)}): the checkpoints were rebuilt.`,
        },
      };
    }
  }
  if (!newest) return seen ? { state: 'ok', witnessed: seen } : { state: 'none' };
  return { state: 'ok', witnessed: { keyId: served.keyId, publicKey: served.publicKey, checkpoint: newest } };
}
