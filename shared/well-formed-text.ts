/**
 * Text no database can store as sent: a lone UTF-16 surrogate, which JSON can carry as an
 * escape ("\ud800") but UTF-8 cannot — SQLite would read back other characters than the ones
 * hashed into the resolution log — and U+0000, which PostgreSQL refuses in text and JSON. At
 * the boundary each becomes U+FFFD, as invalid UTF-8 bytes in a body already do, so what is
 * stored, hashed and answered is the same text on either engine.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what this refuses (PostgreSQL cannot store it in text)
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|\u0000/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

export const isWellFormedText = (s: string) => !LONE_SURROGATE.test(s);
export const wellFormedText = (s: string) => (LONE_SURROGATE.test(s) ? s.replace(LONE_SURROGATES, '\ufffd') : s);

/**
 * Every string (and key) in a parsed JSON value made well-formed, in place; the value is returned
 * (a bare string comes back replaced). Iterative, so a payload nested 10,000 levels deep cannot
 * overflow the stack.
 */
export function makeWellFormed<T>(value: T): T {
  if (typeof value === 'string') return wellFormedText(value) as T;
  const stack: unknown[] = [value];
  const seen = new Set<unknown>();
  while (stack.length) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object' || seen.has(node) || ArrayBuffer.isView(node)) continue;
    seen.add(node);
    const o = node as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const v = o[k];
      const key = wellFormedText(k);
      if (key !== k) {
        delete o[k];
        o[key] = v;
      }
      if (typeof v === 'string') o[key] = wellFormedText(v);
      else if (v !== null && typeof v === 'object') stack.push(v);
    }
  }
  return value;
}
