/**
 * `node --import` for the server processes tests start: their `@node-rs/argon2` is
 * argon2-memo.mjs (the demo password hashed once per run; see there).
 */
import { register } from 'node:module';

register('./argon2-hooks.mjs', import.meta.url);
