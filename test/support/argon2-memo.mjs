/**
 * @node-rs/argon2 as the test processes load it (vitest.config.ts's alias; server processes have
 * it bundled in, bundled.ts): the same functions, but the demo password is hashed once per run instead of
 * once per seeded user. Every server a test starts seeds 18 users with it, at ~40-90 ms of CPU
 * each on this machine: most of a test server's start. The hash is still real argon2id with the
 * default options, so every sign-in verifies the password as in production; only the salt is
 * shared by the demo users. Other passwords, and any call with options, are hashed as usual.
 * Child processes inherit the hash through LEEWAY_TEST_DEMO_HASH.
 */
import { createRequire } from 'node:module';

const real = createRequire(import.meta.url)('@node-rs/argon2');
export const { Algorithm, Version, hashRaw, hashRawSync, hashSync, parseOptions, verify, verifySync } = real;

const DEMO_PASSWORD = 'leeway-demo';
const ENV = 'LEEWAY_TEST_DEMO_HASH';
/** @type {Promise<string> | undefined} */
let demo = process.env[ENV] ? Promise.resolve(process.env[ENV]) : undefined;

/** @param {string | Uint8Array} password @param {object | null | undefined} [options] @param {AbortSignal | null | undefined} [signal] */
export function hash(password, options, signal) {
  if (password !== DEMO_PASSWORD || options != null || signal != null) return real.hash(password, options, signal);
  demo ??= real.hash(password).then((h) => {
    process.env[ENV] = h;
    return h;
  });
  return demo;
}

/** The demo password's hash, made now if not yet (a parent primes it before starting servers). */
export const primeDemoHash = () => hash(DEMO_PASSWORD);
