/** Module resolution hook (registered by argon2-preload.mjs): `@node-rs/argon2` → argon2-memo.mjs. */
const MEMO = new URL('./argon2-memo.mjs', import.meta.url).href;

/** @param {string} specifier @param {{ parentURL?: string }} context @param {Function} next */
export async function resolve(specifier, context, next) {
  if (specifier === '@node-rs/argon2' && context.parentURL !== MEMO) return { url: MEMO, shortCircuit: true };
  return next(specifier, context);
}
