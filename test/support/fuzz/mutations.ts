/**
 * Mutations of a valid example that break it one way at a time, and hostile payloads and URL
 * text built from them, for the fuzz tests.
 */
import fc from 'fast-check';
import type { z } from 'zod';
import { EDGE_NUMBERS, HOSTILE_STRINGS } from './inputs';
import { shapedLike } from './schema-values';

type Path = (string | number)[];

/** Every position in `value` that holds something: the root, each key, each array item. */
export function pathsOf(value: unknown, at: Path = []): Path[] {
  const out: Path[] = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...at, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...at, k]));
  return out;
}

const clone = <T>(v: T): T => (v === undefined ? v : structuredClone(v));

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = clone(root) as Record<string | number, unknown>;
  let cur = copy;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  cur[path.at(-1)!] = value;
  return copy;
}

function deleteAt(root: unknown, path: Path): unknown {
  if (path.length === 0) return undefined;
  const copy = clone(root) as Record<string | number, unknown>;
  let cur = copy;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  if (Array.isArray(cur)) cur.splice(path.at(-1) as number, 1);
  else delete cur[path.at(-1)!];
  return copy;
}

/** A value of the wrong type or out of range for wherever it lands. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, [], {}, [{}], [[[]]], { $gt: '' }, { toString: 'x' }, ...EDGE_NUMBERS),
  fc.constantFrom(...HOSTILE_STRINGS),
  // Long, yet under the socket frame limit (64 KiB) so the event is still delivered and answered.
  fc.constantFrom('x'.repeat(5_000), 'ü'.repeat(30_000)),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Keys that must be refused or ignored, never obeyed. */
const UNKNOWN_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'tenantId',
  'role',
  'id',
  'isAdmin',
  '$where',
  'x'.repeat(300),
  '\u0000',
  '',
];

/** The example broken one way: a value swapped for a wrong one, a field dropped, an unknown key added. */
export function mutationsOf(example: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(example);
  const objects = paths.filter((p) => {
    const v = p.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], example);
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  });
  const swap = fc.tuple(fc.constantFrom(...paths), wrongValue).map(([p, v]) => setAt(example, p, v));
  const drop = fc
    .constantFrom(...paths.filter((p) => p.length > 0), ...(paths.length === 1 ? [[] as Path] : []))
    .map((p) => deleteAt(example, p) ?? {});
  const arms: fc.Arbitrary<unknown>[] = [swap, drop];
  if (objects.length) {
    arms.push(
      fc.tuple(fc.constantFrom(...objects), fc.constantFrom(...UNKNOWN_KEYS), wrongValue).map(([p, k, v]) => {
        const copy = clone(example);
        const target = p.reduce<unknown>((o, key) => (o as Record<string | number, unknown>)[key], copy) as Record<string, unknown>;
        // defineProperty, so "__proto__" becomes an own key that JSON.stringify sends, not a prototype change here.
        Object.defineProperty(target, k, { value: v, enumerable: true, configurable: true, writable: true });
        return copy;
      }),
    );
  }
  return fc.oneof(...arms);
}

/** The example with one of its text values swapped for a hostile string: often still valid, so it reaches the handler. */
export function hostileTextIn(example: unknown): fc.Arbitrary<unknown> {
  const texts = pathsOf(example).filter(
    (p) => typeof p.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], example) === 'string',
  );
  if (!texts.length) return mutationsOf(example);
  return fc.tuple(fc.constantFrom(...texts), fc.constantFrom(...HOSTILE_STRINGS)).map(([p, v]) => setAt(example, p, v));
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Key by key, the example's value or the generated one's, so ids that reach records meet values nobody wrote by hand. */
function blend(example: unknown, shaped: unknown, coin: () => boolean): unknown {
  if (!isRecord(example) || !isRecord(shaped)) return coin() ? example : shaped;
  const out: Record<string, unknown> = {};
  for (const k of new Set([...Object.keys(example), ...Object.keys(shaped)])) {
    const v = k in example && k in shaped ? blend(example[k], shaped[k], coin) : coin() ? example[k] : shaped[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** The example and a value shaped like the schema, blended: mostly valid, reaching optional fields the example leaves out. */
export function shapedAround(example: unknown, schema: z.ZodType): fc.Arbitrary<unknown> {
  return fc.tuple(shapedLike(schema), fc.array(fc.boolean(), { minLength: 64, maxLength: 64 })).map(([shaped, coins]) => {
    let i = 0;
    return blend(example, shaped, () => coins[i++ % coins.length]!);
  });
}

/**
 * Anything at all in the payload's place: mutations of the example, hostile text inside it,
 * fresh values shaped like the schema, alone or blended with the example (mostly valid, to
 * reach the handlers' own checks), any JSON.
 */
export function hostilePayloads(example: unknown, schema?: z.ZodType): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: mutationsOf(example) },
    { weight: 2, arbitrary: hostileTextIn(example) },
    ...(schema
      ? [
          { weight: 1, arbitrary: shapedLike(schema) },
          { weight: 2, arbitrary: shapedAround(example, schema) },
        ]
      : []),
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(...HOSTILE_STRINGS, null, [], 0) },
  );
}

/** Text a string value may turn into in a URL: the same hostile list, plus over-long and path tricks. */
export const hostileUrlText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS, '..', '../../etc/passwd', '%00', '%', '%E0%A4%A', '?a=1', '#frag', 'x'.repeat(129), 'x'.repeat(5000)),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

/** encodeURIComponent, but a lone surrogate goes out as the raw (invalid) UTF-8 bytes instead of throwing. */
export function encodeUrlPart(s: string): { text: string; exact: boolean } {
  try {
    return { text: encodeURIComponent(s), exact: true };
  } catch {
    return { text: [...s].map((c) => (/[\ud800-\udfff]/.test(c) ? '%ED%A0%80' : encodeURIComponent(c))).join(''), exact: false };
  }
}
